"""The allow-list sanitiser against classic script-injection payloads (no database)."""

import pytest

from xuctien.portal.sanitiser import sanitise

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<img src="javascript:alert(1)">',
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<p onmouseover="alert(1)">hover</p>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    "<body onload=alert(1)>",
    '<form action="https://evil.example"><input name=a></form>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)//<</script>/script>",
    "<!--<script>alert(1)</script>-->",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<link rel=stylesheet href="https://evil.example/x.css">',
    "<style>@import 'https://evil.example/x.css';</style>",
    '<img src="https://evil.example/track.gif">',
    '<img src="//evil.example/portal/images/1/">',
    '<img src="/portal/images/1/../../admin/">',
]


@pytest.mark.security
@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_leaves_no_script_vector(payload):
    clean = sanitise(payload).lower()
    for needle in ("<script", "javascript:", "vbscript:", "data:", "onerror", "onload",
                   "onmouseover", "<iframe", "<svg", "<object", "<embed", "<style", "style=",
                   "<meta", "<base", "<link", "<form", "<input", "evil.example"):  # fmt: skip
        assert needle not in clean, (payload, clean)


def test_it_keeps_the_allowed_tags():
    html = "<h2>Tiêu đề</h2><p><strong>đậm</strong> <em>nghiêng</em><br></p><ul><li>a</li></ul>"
    assert sanitise(html) == html


def test_it_keeps_safe_links_and_adds_rel():
    html = '<a href="https://example.vn/x?a=1&amp;b=2" target="_blank" onclick="x()">x</a>'
    assert sanitise(html) == (
        '<a href="https://example.vn/x?a=1&amp;b=2" rel="noopener noreferrer">x</a>'
    )


def test_it_keeps_mailto_links():
    assert 'href="mailto:ipa@example.vn"' in sanitise('<a href="mailto:ipa@example.vn">m</a>')


def test_it_keeps_images_from_our_uploads_only():
    assert sanitise('<img src="/portal/images/7/" alt="Nhà máy" title="t">') == (
        '<img src="/portal/images/7/" alt="Nhà máy">'
    )
    assert sanitise('<img src="https://example.vn/a.png" alt="a">') == ""


def test_it_escapes_text_and_closes_open_tags():
    assert sanitise("<p>1 < 2 & <b>bold") == "<p>1 &lt; 2 &amp; bold</p>"


def test_it_drops_unknown_tags_but_keeps_their_text():
    assert sanitise("<div><span>giữ</span></div>") == "giữ"


def test_it_drops_relative_and_hostless_link_targets_but_keeps_the_text():
    assert sanitise('<a href="/admin/">a</a><a href="https:/x">b</a>') == (
        '<a rel="noopener noreferrer">a</a><a rel="noopener noreferrer">b</a>'
    )


def test_it_drops_generic_attributes_and_images_without_an_allowed_source():
    assert sanitise('<p lang="en" title="t" id="x">a<img alt="src=x">b</p>') == "<p>ab</p>"
