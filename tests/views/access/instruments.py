from . import BUREAU, Entry

PRINTERS = BUREAU | {"centre_director", "centre_staff"}


def _synced(path):
    """Instruments are synced from forms/ (idempotent) before the URL is used."""

    def build(world, side):
        from portal.services.instruments import sync_forms

        sync_forms()
        return path

    return build


ENTRIES = [
    Entry("instruments.index", allowed=BUREAU),
    Entry("instruments.privacy", allowed=BUREAU),
    Entry("instruments.privacy", "POST", allowed=frozenset({"bureau_admin"}),
          data={"text_th": "ประกาศทดสอบสิทธิ์", "text_en": "Access test notice"}),
    Entry("instruments.preview", allowed=PRINTERS, url=_synced("/instruments/c1_knowledge/preview")),
    Entry("instruments.paper", allowed=PRINTERS, url=_synced("/instruments/c1_satisfaction/v1/paper")),
]
