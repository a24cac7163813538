"""A native PowerPoint chart: the chart part (DrawingML charts) and its embedded workbook.

The workbook is written with XlsxWriter and holds the same numbers as the chart's caches,
in the cells the series refer to, so «Edit data» in PowerPoint opens them; LibreOffice
draws from the caches. Colours are the theme's accents by name, so the chart follows the
template (and a restyled theme).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from lxml import etree

from temapakker.plan.deck import ChartContent

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RT_CHART = R + "/chart"
RT_PACKAGE = R + "/package"
SHEET = "Ark1"
AXES = ("111111111", "222222222")
LEGEND = {"bottom": "b", "right": "r"}


def _el(parent: Any, tag: str, val: str | None = None, **attrs: str) -> Any:
    """A chart element (c:…, or a:… with the prefix), with a val attribute if given."""
    prefix, name = tag.split(":") if ":" in tag else ("c", tag)
    el = etree.SubElement(parent, f"{{{C if prefix == 'c' else A}}}{name}", attrs)
    if val is not None:
        el.set("val", val)
    return el


def _column(n: int) -> str:
    """Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _ref(column: int, first: int, last: int | None = None) -> str:
    cell = f"${_column(column)}${first}"
    return f"{SHEET}!{cell}" + (f":${_column(column)}${last}" if last else "")


def _fill(parent: Any, colour: str, line: bool = False) -> None:
    sp_pr = _el(parent, "spPr")
    holder = _el(sp_pr, "a:ln", w="28575", cap="rnd") if line else sp_pr
    _el(_el(holder, "a:solidFill"), "a:schemeClr", colour)


def _text(parent: Any, size: float, bold: bool = False) -> None:
    """c:txPr: the size (and weight) text of a chart element is set in."""
    tx_pr = _el(parent, "txPr")
    _el(tx_pr, "a:bodyPr")
    _el(tx_pr, "a:lstStyle")
    ppr = _el(_el(tx_pr, "a:p"), "a:pPr")
    rpr = _el(ppr, "a:defRPr", sz=str(round(size * 100)), b="1" if bold else "0")
    _el(_el(rpr, "a:solidFill"), "a:schemeClr", "tx1")
    _el(tx_pr.find(f"{{{A}}}p"), "a:endParaRPr", lang="nb-NO")


def _strings(parent: Any, tag: str, ref: str, values: tuple[str, ...]) -> None:
    ref_el = _el(_el(parent, tag), "strRef")
    _el(ref_el, "f").text = ref
    cache = _el(ref_el, "strCache")
    _el(cache, "ptCount", str(len(values)))
    for n, value in enumerate(values):
        _el(_el(cache, "pt", idx=str(n)), "v").text = value


def _numbers(parent: Any, ref: str, values: tuple[float, ...], number_format: str) -> None:
    ref_el = _el(_el(parent, "val"), "numRef")
    _el(ref_el, "f").text = ref
    cache = _el(ref_el, "numCache")
    _el(cache, "formatCode").text = number_format
    _el(cache, "ptCount", str(len(values)))
    for n, value in enumerate(values):
        _el(_el(cache, "pt", idx=str(n)), "v").text = repr(float(value))


def _labels(parent: Any, content: ChartContent) -> None:
    """Data labels showing each value in the chart's number format."""
    labels = _el(parent, "dLbls")
    _el(labels, "numFmt", formatCode=content.number_format, sourceLinked="0")
    _el(labels, "spPr")
    _text(labels, content.size, bold=content.kind in ("pie", "doughnut"))
    if content.kind == "pie":
        _el(labels, "dLblPos", "bestFit")
    for flag, on in (("showLegendKey", False), ("showVal", True), ("showCatName", False),
                     ("showSerName", False), ("showPercent", False), ("showBubbleSize", False)):
        _el(labels, flag, "1" if on else "0")


def _series(plot: Any, content: ChartContent) -> None:
    count = len(content.categories)
    pie = content.kind in ("pie", "doughnut")
    for n, (name, values) in enumerate(content.series):
        ser = _el(plot, "ser")
        _el(ser, "idx", str(n))
        _el(ser, "order", str(n))
        _strings(ser, "tx", _ref(n + 1, 1), (name,))
        if pie:
            _el(ser, "spPr")
        else:
            _fill(ser, content.colours[n], line=content.kind == "line")
        if content.kind in ("bar", "column", "stacked"):
            _el(ser, "invertIfNegative", "0")
        if content.kind == "line":
            marker = _el(ser, "marker")
            _el(marker, "symbol", "circle")
            _el(marker, "size", "7")
            _fill(marker, content.colours[n])
        if pie:
            for point in range(count):
                d_pt = _el(ser, "dPt")
                _el(d_pt, "idx", str(point))
                _el(d_pt, "bubble3D", "0")
                sp_pr = _el(d_pt, "spPr")
                _el(_el(sp_pr, "a:solidFill"), "a:schemeClr", content.colours[point])
                line = _el(sp_pr, "a:ln", w="19050")
                _el(_el(line, "a:solidFill"), "a:schemeClr", "bg1")
        _strings(ser, "cat", _ref(0, 2, count + 1), content.categories)
        _numbers(ser, _ref(n + 1, 2, count + 1), values, content.number_format)
        if content.kind == "line":
            _el(ser, "smooth", "0")


def _axes(plot: Any, content: ChartContent) -> None:
    horizontal = content.kind == "bar"
    cat = _el(plot, "catAx")
    _el(cat, "axId", AXES[0])
    scaling = _el(cat, "scaling")
    _el(scaling, "orientation", "maxMin" if horizontal else "minMax")
    _el(cat, "delete", "0")
    _el(cat, "axPos", "l" if horizontal else "b")
    _el(cat, "numFmt", formatCode="General", sourceLinked="0")
    _el(cat, "majorTickMark", "none")
    _el(cat, "minorTickMark", "none")
    _el(cat, "tickLblPos", "nextTo")
    _text(cat, content.size)
    _el(cat, "crossAx", AXES[1])
    _el(cat, "crosses", "autoZero")
    _el(cat, "auto", "1")
    _el(cat, "lblAlgn", "ctr")
    _el(cat, "lblOffset", "100")
    _el(cat, "noMultiLvlLbl", "0")
    val = _el(plot, "valAx")
    _el(val, "axId", AXES[1])
    scaling = _el(val, "scaling")
    _el(scaling, "orientation", "minMax")
    if content.kind != "line" and all(v >= 0 for _, vs in content.series for v in vs):
        _el(scaling, "min", "0")  # bars start at zero, or their lengths mislead
    _el(val, "delete", "0")
    _el(val, "axPos", "b" if horizontal else "l")
    grid = _el(val, "majorGridlines")
    line = _el(_el(grid, "spPr"), "a:ln", w="9525")
    colour = _el(_el(line, "a:solidFill"), "a:schemeClr", "tx1")
    _el(colour, "a:lumMod", "15000")
    _el(colour, "a:lumOff", "85000")
    _el(val, "numFmt", formatCode=content.number_format, sourceLinked="0")
    _el(val, "majorTickMark", "none")
    _el(val, "minorTickMark", "none")
    _el(val, "tickLblPos", "nextTo")
    _el(_el(_el(val, "spPr"), "a:ln"), "a:noFill")
    _text(val, content.size)
    _el(val, "crossAx", AXES[0])
    _el(val, "crosses", "max" if horizontal else "autoZero")
    _el(val, "crossBetween", "between")


def chart_xml(content: ChartContent, workbook_rel: str) -> Any:
    """The chart part: c:chartSpace with its plot, legend, title and data caches."""
    space = etree.Element(f"{{{C}}}chartSpace", nsmap={"c": C, "a": A, "r": R})
    _el(space, "date1904", "0")
    _el(space, "lang", "nb-NO")
    _el(space, "roundedCorners", "0")
    chart = _el(space, "chart")
    if content.title:
        title = _el(chart, "title")
        rich = _el(_el(title, "tx"), "rich")
        _el(rich, "a:bodyPr")
        _el(rich, "a:lstStyle")
        para = _el(rich, "a:p")
        _el(_el(para, "a:pPr"), "a:defRPr", sz=str(round(content.size * 120)), b="1")
        run = _el(para, "a:r")
        _el(run, "a:rPr", lang="nb-NO", sz=str(round(content.size * 120)), b="1")
        _el(run, "a:t").text = content.title
        _el(title, "overlay", "0")
    _el(chart, "autoTitleDeleted", "0" if content.title else "1")
    plot = _el(chart, "plotArea")
    _el(plot, "layout")
    pie = content.kind in ("pie", "doughnut")
    if content.kind == "line":
        kind = _el(plot, "lineChart")
        _el(kind, "grouping", "standard")
        _el(kind, "varyColors", "0")
        _series(kind, content)
        if content.labels:
            _labels(kind, content)
        _el(kind, "marker", "1")
    elif pie:
        kind = _el(plot, "pieChart" if content.kind == "pie" else "doughnutChart")
        _el(kind, "varyColors", "1")
        _series(kind, content)
        if content.labels:
            _labels(kind, content)
        _el(kind, "firstSliceAng", "0")
        if content.kind == "doughnut":
            _el(kind, "holeSize", "55")
    else:
        kind = _el(plot, "barChart")
        _el(kind, "barDir", "bar" if content.kind == "bar" else "col")
        _el(kind, "grouping", "stacked" if content.kind == "stacked" else "clustered")
        _el(kind, "varyColors", "0")
        _series(kind, content)
        if content.labels:
            _labels(kind, content)
        _el(kind, "gapWidth", "60")
        if content.kind == "stacked":
            _el(kind, "overlap", "100")
    if not pie:
        _el(kind, "axId", AXES[0])
        _el(kind, "axId", AXES[1])
        _axes(plot, content)
    shown = content.legend in LEGEND and (len(content.series) > 1 or pie)
    if shown:
        legend = _el(chart, "legend")
        _el(legend, "legendPos", LEGEND[content.legend])
        _el(legend, "overlay", "0")
        _text(legend, content.size)
    _el(chart, "plotVisOnly", "1")
    _el(chart, "dispBlanksAs", "gap")
    sp_pr = _el(space, "spPr")
    _el(sp_pr, "a:noFill")
    _el(_el(sp_pr, "a:ln"), "a:noFill")
    _text(space, content.size)
    external = _el(space, "externalData")
    external.set(f"{{{R}}}id", workbook_rel)
    _el(external, "autoUpdate", "0")
    return space


def chart_workbook(content: ChartContent, when: dt.datetime) -> bytes:
    """The chart's data as an .xlsx, laid out as the chart's references expect: the
    categories down column A, each series in a column beside them, names in row 1."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"created": when.replace(tzinfo=None), "author": ""})
    sheet = book.add_worksheet(SHEET)
    number = book.add_format({"num_format": content.number_format}) \
        if content.number_format != "General" else None
    sheet.write_string(0, 0, "")
    for c, (name, values) in enumerate(content.series, start=1):
        sheet.write_string(0, c, name)
        for r, value in enumerate(values, start=1):
            sheet.write_number(r, c, value, number)
    for r, category in enumerate(content.categories, start=1):
        sheet.write_string(r, 0, category)
    sheet.set_column(0, 0, max((len(c) for c in content.categories), default=8) + 2)
    book.close()
    return out.getvalue()
