"""The DOCX package around the body: page header and footer ("Page X of Y"), core properties, language."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape as xml_escape

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from .html_tree import Node, collapse_spaces

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.xmlchemy import BaseOxmlElement

_PAGE_WORDS = {
    "en": ("Page", "of"),
    "fr": ("Page", "sur"),
    "de": ("Seite", "von"),
    "es": ("Página", "de"),
    "it": ("Pagina", "di"),
    "pt": ("Página", "de"),
    "ru": ("Страница", "из"),
}


def replace_template_package_parts(doc: Document, application: str) -> None:
    """Drop what python-docx's template carries over: its thumbnail and its extended properties
    ("Microsoft Macintosh Word", 1 page, 0 words); Word recomputes page and word counts on opening."""
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel_id]
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = (
                "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                f"<Application>{xml_escape(application)}</Application></Properties>"
            ).encode()


def language_of(root: Node) -> str:
    html = next(root.find_all("html"), None)
    return html.attrs.get("lang", "").strip() if html is not None else ""


def head_metadata(root: Node) -> dict[str, str]:
    meta = {"lang": language_of(root)}
    title = next(root.find_all("title"), None)
    if title is not None:
        meta["title"] = collapse_spaces(title.text())
    for node in root.find_all("meta"):
        name = node.attrs.get("name", "").strip().lower()
        if name:
            meta[name] = collapse_spaces(node.attrs.get("content", ""))
    return meta


class PackageWriter:
    """Mixed into the DOCX writer: needs its ``doc`` and ``style``."""

    doc: Document
    if TYPE_CHECKING:  # the writer's own

        def style(self, name: str, fallback: str = "Normal") -> str | None: ...

    def page_header_footer(self, header_text: str, lang: str, page_label: str = "") -> None:
        section = self.doc.sections[-1]
        section.different_first_page_header_footer = False
        if header_text:
            header = section.header
            header.is_linked_to_previous = False
            _clear(header._element, keep_pictures=True)  # an organisation's logo in its reference .docx stays
            header.add_paragraph(header_text, style=self.style("Header"))
        footer = section.footer
        footer.is_linked_to_previous = False
        _clear(footer._element)
        paragraph = footer.add_paragraph(style=self.style("Footer"))
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if page_label:  # the document's own words: <meta name="page-label" content="Page {page} of {pages}">
            from .language import footer_words

            before, between, after, pages_first = footer_words(page_label)
        else:
            page, of = _PAGE_WORDS.get(lang.split("-")[0].lower(), _PAGE_WORDS["en"])
            before, between, after, pages_first = f"{page} ", f" {of} ", "", False
        for text, field in (
            (before, "NUMPAGES" if pages_first else "PAGE"),
            (between, "PAGE" if pages_first else "NUMPAGES"),
            (after, None),
        ):
            if text:
                paragraph.add_run(text)
            if field:
                paragraph._p.append(_field(field))

    def watermark(self, text: str) -> None:
        """A Word watermark: ``text`` set diagonally across every page, behind the text, from the page header (the
        VML text path Word's own Design > Watermark writes; LibreOffice reads it as its watermark)."""
        header = self.doc.sections[-1].header
        header.is_linked_to_previous = False
        paragraph = header.add_paragraph(style=self.style("Header"))
        paragraph._p.get_or_add_pPr().append(parse_xml(f"<w:pBdr {nsdecls('w')}/>"))  # no rule under it
        run = paragraph.add_run()
        run._r.append(parse_xml(_WATERMARK.format(text=xml_escape(text, {'"': "&quot;"}))))

    def metadata(self, meta: dict[str, str]) -> None:
        props = self.doc.core_properties
        props.title = _property(meta.get("title", ""))
        props.author = props.last_modified_by = _property(meta.get("author", ""))
        props.subject = _property(meta.get("description", ""))
        props.keywords = _property(meta.get("keywords", ""), separator=",")
        props.comments = props.category = props.content_status = props.identifier = props.version = ""
        props.language = meta.get("lang", "")
        props.revision = 1
        created = _parse_date(meta.get("dcterms.created", ""))
        props.created = props.modified = created
        if meta.get("lang"):
            self._set_language(meta["lang"])

    def _set_language(self, lang: str) -> None:
        styles = self.doc.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        if defaults is None:
            defaults = OxmlElement("w:docDefaults")
            styles.insert(0, defaults)
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is None:
            rpr_default = OxmlElement("w:rPrDefault")
            defaults.insert(0, rpr_default)
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            rpr_default.append(rpr)
        lang_element = rpr.find(qn("w:lang"))
        if lang_element is None:
            lang_element = OxmlElement("w:lang")
            rpr.append(lang_element)
        lang_element.set(qn("w:val"), lang)


_WATERMARK = (
    '<w:pict xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/>'
    '<v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/>'
    '<v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/>'
    '<v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>'
    '<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" '
    'o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/>'
    '</v:shapetype><v:shape id="PowerPlusWaterMarkObject" o:spid="_x0000_s2049" type="#_x0000_t136" '
    'style="position:absolute;margin-left:0;margin-top:0;width:460pt;height:153pt;rotation:315;'
    "z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
    'mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="#c00000" '
    'stroked="f"><v:fill opacity=".2"/><v:textpath style="font-family:&quot;Calibri&quot;;font-size:1pt" '
    'string="{text}"/></v:shape></w:pict>'
)


def _property(value: str, separator: str = " ", limit: int = 255) -> str:
    """``value`` cut to the 255 characters a core property holds, at a ``separator`` when there is one."""
    if len(value) <= limit:
        return value
    cut = value[:limit]
    at = cut.rfind(separator)
    return (cut[:at] if at > limit // 2 else cut).rstrip(" ,;")


def _clear(element: BaseOxmlElement, keep_pictures: bool = False) -> None:
    """Remove the children of a header, footer or body element (with ``keep_pictures``, not those holding one)."""
    for child in list(element):
        if keep_pictures and child.findall(".//" + qn("w:drawing")) + child.findall(".//" + qn("w:pict")):
            continue
        element.remove(child)


def _field(instruction: str) -> BaseOxmlElement:
    return parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" {instruction} "><w:r><w:t>1</w:t></w:r></w:fldSimple>')


def _parse_date(value: str) -> datetime:
    """The document date in UTC (python-docx writes the clock time with a 'Z' whatever the zone)."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
        return datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).replace(microsecond=0)
