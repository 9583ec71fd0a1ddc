"""End to end in a real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium):
search, open an article and see its highlighted quotes and speakers, open a speaker page, the map
and the timeline. The server is uvicorn on a free loopback port over a database built from
hand-written records (no NLP model). Screenshots go to artifacts/screenshots/. The map and the
timeline are in tests/test_web_browser_reading.py."""
from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"

if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    pytest.skip("Chromium or chromedriver not installed (Debian packages chromium, chromium-driver)",
                allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

TOKEN = "browser-test-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Server:
    def __init__(self, app):
        import uvicorn

        self.port = _free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    access_log=False))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.time() + 20
        while not self.server.started:
            if time.time() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    from newsgraph.web.samples import build_sample_db, demo_map_records, sample_records

    return build_sample_db(tmp_path_factory.mktemp("browser") / "browser.db", sample_records() + demo_map_records())


@pytest.fixture(scope="module")
def outline():
    from newsgraph.web import worldmap

    return worldmap.ensure_outline() is None  # False (markers only) when npm cannot fetch world-atlas


@pytest.fixture(scope="module")
def server(db_path, outline):
    from newsgraph.web import create_app

    with _Server(create_app(db_path, token=TOKEN)) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--disable-quic", "--window-size=1280,1000",
              f"--user-data-dir={tmp_path_factory.mktemp('chrome-profile')}"]:
        opts.add_argument(a)
    drv = webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER), options=opts)
    drv.set_page_load_timeout(30)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield drv
    drv.quit()


def shot(drv, name: str) -> None:
    drv.save_screenshot(str(SHOTS / f"{name}.png"))


def wait(drv, cond, timeout: float = 10):
    return WebDriverWait(drv, timeout).until(cond)


def test_token_login_then_search_article_speaker(browser, server):
    drv = browser
    drv.get(server + "/")
    assert "token" in drv.find_element(By.TAG_NAME, "body").text  # refused without the token
    drv.get(server + f"/?token={TOKEN}")  # sets the cookie and drops the token from the URL
    wait(drv, EC.presence_of_element_located((By.ID, "home-q")))
    assert "token=" not in drv.current_url
    assert "articles" in drv.find_element(By.CLASS_NAME, "figures").text
    shot(drv, "01-home")

    box = drv.find_element(By.ID, "home-q")
    box.send_keys("power station")
    box.submit()
    wait(drv, EC.presence_of_element_located((By.ID, "article-results")))
    results = drv.find_element(By.ID, "article-results")
    assert "Drone strikes hit Kharkiv power station" in results.text
    shot(drv, "02-search")

    results.find_element(By.LINK_TEXT, "Drone strikes hit Kharkiv power station").click()
    wait(drv, EC.presence_of_element_located((By.ID, "article-body")))
    body = drv.find_element(By.ID, "article-body")
    quotes = body.find_elements(By.CSS_SELECTOR, ".q")
    assert len({q.get_attribute("data-q") for q in quotes}) == 6
    assert any("We heard three explosions" in q.text for q in quotes)
    # the highlight is really painted: a direct quote has a coloured background
    bg = body.find_element(By.CSS_SELECTOR, ".q-direct").value_of_css_property("background-color")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
    speakers = [e.text for e in body.find_elements(By.CSS_SELECTOR, ".sp")]
    assert "Olena Marchenko" in speakers and "Terekhov" in speakers
    assert body.find_elements(By.CSS_SELECTOR, ".cue") and body.find_elements(By.CSS_SELECTOR, ".pl")
    panel = drv.find_element(By.ID, "speakers").text
    assert "Ihor Terekhov" in panel and "the mayor of Kharkiv" in panel and "Olena Marchenko" in panel
    shot(drv, "03-article")

    drv.find_element(By.ID, "speakers").find_element(By.LINK_TEXT, "Ihor Terekhov").click()
    wait(drv, EC.text_to_be_present_in_element((By.ID, "speaker-name"), "Ihor Terekhov"))
    items = drv.find_elements(By.CSS_SELECTOR, "#speaker-quotes .quote-item")
    assert len(items) == 5
    shot(drv, "04-speaker")
    link = items[-1].find_element(By.CSS_SELECTOR, "blockquote a")
    href = link.get_attribute("href")
    link.click()
    wait(drv, EC.presence_of_element_located((By.ID, "article-body")))
    anchor = href.split("#", 1)[1]
    assert drv.current_url.endswith("#" + anchor)
    assert drv.find_element(By.ID, anchor)  # the exact quote's anchor is on the page


def test_markup_in_articles_is_text(browser, server):
    drv = browser
    drv.get(server + f"/articles/markup-test?token={TOKEN}")
    wait(drv, EC.presence_of_element_located((By.ID, "article-body")))
    try:
        drv.switch_to.alert
        pytest.fail("a script from the article ran")
    except NoAlertPresentException:
        pass
    body = drv.find_element(By.ID, "article-body")
    assert "<script>alert('xss')</script>" in body.text and "<b>everything</b>" in body.text
    assert not body.find_elements(By.TAG_NAME, "script") and not body.find_elements(By.TAG_NAME, "img")
    shot(drv, "05-escaped")


@pytest.mark.slow
def test_demo_corpus_through_the_pipeline(browser, pipeline, tmp_path):
    """The demo corpus analysed by the real pipeline (the model loads: slow), served and read."""
    import json

    from newsgraph.record import Article
    from newsgraph.web import create_app
    from newsgraph.web.samples import build_sample_db

    demo = Path(__file__).resolve().parent.parent / "src" / "newsgraph" / "data" / "demo" / "demo.jsonl"
    docs = [json.loads(line) for line in demo.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [pipeline.analyze(Article(id=d["id"], text=d["text"], title=d.get("title"), url=d.get("url"),
                                        published=d.get("published"), source=d.get("source"))) for d in docs]
    path = build_sample_db(tmp_path / "demo.db", records)
    with _Server(create_app(path)) as base:
        drv = browser
        drv.get(base + "/")
        assert str(len(docs)) in drv.find_element(By.CLASS_NAME, "figures").text
        drv.find_element(By.ID, "latest").find_element(By.TAG_NAME, "a").click()
        wait(drv, EC.presence_of_element_located((By.ID, "article-body")))
        quoted = [r for r in records if r.quotes]
        assert quoted, "the pipeline found no quote in the demo corpus"
        drv.get(base + f"/articles/{quoted[0].id}")
        body = wait(drv, EC.presence_of_element_located((By.ID, "article-body")))
        assert body.find_elements(By.CSS_SELECTOR, ".q")
        shot(drv, "09-demo-article")
        drv.get(base + "/places")
        wait(drv, EC.presence_of_element_located((By.ID, "place-list")))
        shot(drv, "10-demo-map")
