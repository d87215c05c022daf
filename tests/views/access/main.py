from . import Entry

ENTRIES = [
    Entry("main.home", allowed="public"),
    Entry("main.healthz", allowed="public"),
    Entry("main.set_language", "POST", allowed="public", data={"lang": "en"}),
]
