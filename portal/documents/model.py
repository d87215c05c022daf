"""The plain-data shape of a document: memorandum, headings, paragraphs, tables, images."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from portal.exports import Table


@dataclass(frozen=True)
class Signature:
    """The signature block under a memorandum: "(ลงชื่อ) ……" then the name in brackets and the position."""

    name: str  # e.g. "นายสมชาย ใจดี"; "" leaves a dotted line to sign on
    position: str  # "ผู้อำนวยการศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1"


@dataclass(frozen=True)
class Memorandum:
    """บันทึกข้อความ: the cover every report goes up under."""

    agency: str  # ส่วนราชการ, e.g. "ศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1 โทร. …"
    reference: str  # ที่, e.g. "กษ 0505.1/123" ("" = to be filled in by hand)
    date_text: str  # วันที่, already in Thai: "15 มีนาคม 2566"
    subject: str  # เรื่อง
    to: str  # เรียน
    body: tuple[str, ...]  # paragraphs of the memorandum's text
    signature: Signature
    attachments: tuple[str, ...] = ()  # สิ่งที่ส่งมาด้วย


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 = section, 2 = subsection


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class TableBlock:
    table: Table


@dataclass(frozen=True)
class Image:
    """A chart (PNG bytes from portal.charts) with its alt text; the numbers are in a TableBlock beside it."""

    png: bytes
    alt: str
    width_mm: float = 160


Block = Union[Heading, Paragraph, TableBlock, Image]


@dataclass
class Document:
    """One report: title lines, "ข้อมูล ณ วันที่ …", an optional memorandum, then blocks in order."""

    title: str
    subtitles: tuple[str, ...] = ()
    as_of: str = ""  # "ข้อมูล ณ วันที่ 31 มีนาคม 2566"
    memorandum: Memorandum | None = None
    blocks: list[Block] = field(default_factory=list)
    filename_stem: str = "report"  # server-built; the renderer adds the extension

    def tables(self) -> list[Table]:
        return [b.table for b in self.blocks if isinstance(b, TableBlock)]
