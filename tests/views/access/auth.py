from . import Entry

ENTRIES = [
    Entry("auth.login", allowed="public"),
    Entry("auth.login", "POST", allowed="public", data={"username": "x", "password": "y"}),
    Entry("auth.logout", "POST", allowed="public"),
    Entry("auth.change_password"),
    Entry("auth.change_password", "POST", data={"current": "wrong"}),
]
