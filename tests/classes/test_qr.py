"""The join link's QR code: drawn locally as a scalable, labelled SVG."""

import xml.etree.ElementTree as ET

import pytest
import segno

from classes import InvalidInput, qr_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_the_qr_code_is_a_scalable_labelled_svg_of_the_link():
    link = "http://192.168.1.20:8501/?class=ABCDE"
    svg = qr_svg(link)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert "width" not in root.attrib and "height" not in root.attrib  # it fills its container
    assert root.find(f"{SVG}title").text == "QR code of the class's join link"
    symbol = segno.make_qr(link, error="m")
    side = len(symbol.matrix) + 2 * 4  # the modules and the standard 4-module quiet zone
    assert root.get("viewBox") == f"0 0 {side} {side}"
    assert qr_svg(link + "X") != svg


def test_a_link_that_cannot_be_a_qr_code_is_refused():
    for bad in ["", "x" * 513, "http://a/\n", None]:
        with pytest.raises(InvalidInput):
            qr_svg(bad)
