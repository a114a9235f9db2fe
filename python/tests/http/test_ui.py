"""The web UI in a real browser: Selenium driving Debian's headless Chromium (one for the whole module) against a
`warden serve` with the sample configuration and the sample logs (so the agent has found anomalies). As a person
would: sign in with an API key, import a package through the upload page (a tampered one refused with its
validation result) and from the training-service page, tag a version through its form, run a drift check from the
monitoring page, compare two versions, read the agent's shadow report, deploy a version, see the dashboard change, roll back, pair the agent with another
version from the dropdown, acknowledge an anomaly, revoke a key; a viewer sees no action and a forged POST without
the CSRF token is refused (403) and audited; markup in a description renders as text; axe-core finds no serious or
critical accessibility violation on any page. Screenshots (1280x800) of each page go to UI_SCREENSHOT_DIR (default:
a temp dir, printed)."""
import os
import re
import shutil
import subprocess
import tempfile
import time

import pytest
import requests

from server import ROOT, Server

BIN = os.environ.get("HTTPTEST_BIN", str(ROOT / ".build/debug/warden"))
SAMPLE = ROOT / "samples/wifi-anomaly"
PACKAGE = SAMPLE / "model_20260105_000000_deployment.zip"
CONFIG = SAMPLE / "warden.yaml"
MODEL = "wifi-anomaly"
SERVING = "20260105_000000"
MARKUP = '<img src=x onerror="window.__xss=1"><b>bold</b>'

selenium = pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


def chromium_binary():
    return shutil.which("chromium") or shutil.which("chromium-browser")


pytestmark = pytest.mark.skipif(
    not chromium_binary() or not shutil.which("chromedriver"),
    reason="needs Debian's chromium and chromium-driver (scripts/lib/system-deps.sh ensure_browser_deps)")


def call(srv, method, path, key=None, **kw):
    headers = {"X-API-Key": key or srv.api_key, **kw.pop("headers", {})}
    return requests.request(method, srv.url + path, headers=headers, timeout=30, **kw)


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    # A training-service folder holding the valid test package as `export_1` (the upload test imports the same
    # version; the training-service test deletes it through the UI, then imports it again from this folder).
    training = tmp_path_factory.mktemp("training-service")
    shutil.copytree(ROOT / "Tests/Fixtures/packages/valid_folder/model_20241201_143022_deployment",
                    training / "models" / "export_1")
    server = Server(BIN, auth=True, package=PACKAGE, extra_args=("--config", str(CONFIG)),
                    env_extra={"WARDEN_INTEGRATION_TRAINING_SERVICE_PATH": str(training)})
    try:
        body = (SAMPLE / "logs.jsonl").read_bytes()
        r = call(server, "POST", "/api/v1/logs", data=body, headers={"Content-Type": "application/x-ndjson"})
        assert r.status_code == 202, r.text
        # A second, compatible version: the serving one saved under a new name (training mode allows the write).
        assert call(server, "POST", "/api/mode/training").status_code == 200
        r = call(server, "POST", f"/api/model/save?model={MODEL}", json={"tags": ["ui-test"]})
        assert r.status_code == 201, r.text
        server.candidate = r.json()["version"]
        assert call(server, "POST", "/api/mode/inference").status_code == 200
        keys = {}
        for name, role in [("viewer", "viewer"), ("doomed", "operator")]:
            r = call(server, "POST", "/api/keys", json={"name": name, "role": role})
            assert r.status_code == 201, r.text
            keys[name] = r.json()
        server.keys = keys
        # Markup in a description must render as text.
        env = {k: v for k, v in os.environ.items() if not k.startswith("WARDEN_")}
        subprocess.run([BIN, "models", "describe", server.candidate, MARKUP, "--model", MODEL, "--data-dir",
                        server.data_dir], check=True, capture_output=True, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if call(server, "GET", "/api/v1/anomalies?limit=1").json()["total"] > 0:
                break
            time.sleep(0.5)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def shots():
    directory = os.environ.get("UI_SCREENSHOT_DIR") or tempfile.mkdtemp(prefix="warden-ui-shots-")
    os.makedirs(directory, exist_ok=True)
    print(f"\nUI screenshots: {directory}")
    return directory


@pytest.fixture(scope="session")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = chromium_binary()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,800", "--disable-extensions", "--no-first-run"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_window_size(1280, 800)
    driver.implicitly_wait(2)
    try:
        yield driver
    finally:
        driver.quit()


class UI:
    """The browser on one server, with helpers a person's steps map onto."""

    def __init__(self, driver, srv, shots):
        self.d, self.srv, self.shots = driver, srv, shots
        self.checked = set()

    def go(self, path):
        self.d.get(self.srv.url + path)

    def text(self, css):
        return self.d.find_element(By.CSS_SELECTOR, css).text

    def submit(self, css=None, *, by=By.CSS_SELECTOR, confirm=False):
        """Clicks what loads the next page (a form's button, a link), accepting the confirm() dialog first when
        there is one, and waits until the old page is gone and the new one has loaded: reading right after a
        click would race the navigation (the old page's element, or a stale one)."""
        old = self.d.find_element(By.TAG_NAME, "html")
        self.d.find_element(by, css).click()
        if confirm:
            WebDriverWait(self.d, 30).until(EC.alert_is_present()).accept()
        WebDriverWait(self.d, 30).until(EC.staleness_of(old))
        WebDriverWait(self.d, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")

    def flash(self):
        return self.text(".flash")

    def shot(self, name):
        self.d.save_screenshot(os.path.join(self.shots, name + ".png"))

    def axe(self, name):
        """axe-core on the current page: no serious or critical violation."""
        from axe_selenium_python import Axe
        axe = Axe(self.d)
        axe.inject()
        results = axe.run()
        bad = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
        assert not bad, f"{name}: " + "; ".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in bad)
        self.checked.add(name)

    def page(self, path, name):
        self.go(path)
        assert "Sign in" not in self.d.title, f"{path} asked to sign in"
        self.shot(name)
        self.axe(name)

    def fits(self, name):
        """The page needs no horizontal scrolling at 1280x800 (wide tables stay inside their column)."""
        scroll, client = self.d.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll <= client, f"{name}: {scroll} px wide in a {client} px window"

    def sign_in(self, key):
        self.go("/ui/sign-in")
        self.d.find_element(By.ID, "key").send_keys(key)
        self.submit("form[action='/ui/sign-in'] button")
        WebDriverWait(self.d, 30).until(lambda d: d.title.startswith("Dashboard"))

    def sign_out(self):
        self.submit("form[action='/ui/sign-out'] button")
        WebDriverWait(self.d, 30).until(lambda d: "Sign in" in d.title)

    def forged_post(self, path, body):
        """A POST from the page's own origin with the session cookie but the given body (no CSRF token)."""
        return self.d.execute_async_script(
            """const done = arguments[arguments.length - 1];
               fetch(arguments[0], {method: 'POST', credentials: 'same-origin', redirect: 'manual',
                     headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: arguments[1]})
                 .then(r => done(r.status)).catch(e => done(String(e)));""", path, body)


@pytest.fixture(scope="module")
def ui(browser, srv, shots):
    browser.delete_all_cookies()
    return UI(browser, srv, shots)


def serving_on_dashboard(ui):
    ui.go("/ui")
    return ui.text("#serving-table .serving-version")


def test_sign_in_page_and_cookie(ui):
    ui.go("/ui/models")
    assert "Sign in" in ui.d.title
    ui.shot("signin")
    ui.axe("signin")
    r = requests.get(ui.srv.url + "/ui/sign-in", timeout=10)
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in r.headers["Content-Security-Policy"]
    assert r.headers["X-Frame-Options"] == "DENY" and r.headers["Cache-Control"] == "no-store"
    ui.sign_in(ui.srv.api_key)
    session = ui.d.get_cookie("warden_session")
    assert session and session["httpOnly"] and session["sameSite"] == "Strict"
    assert ui.srv.api_key not in session["value"] and session["value"].startswith("eyJ")
    assert requests.get(ui.srv.url + "/", allow_redirects=False, timeout=10).headers["Location"] == "/ui"


def test_dashboard_and_every_page_is_accessible(ui, srv):
    ui.page("/ui", "dashboard")
    assert serving_on_dashboard(ui) == SERVING
    assert "wifi-campus" in ui.text("body")
    ui.page(f"/ui/models?model={MODEL}", "models")
    ui.page(f"/ui/models/{MODEL}/{SERVING}", "version")
    ui.page(f"/ui/models/{MODEL}/{srv.candidate}/confirm/deploy", "confirm")
    ui.page("/ui/agents", "agents")
    ui.page("/ui/agents/wifi-campus", "agent")
    ui.page("/ui/anomalies", "anomalies")
    first = ui.d.find_element(By.CSS_SELECTOR, "#anomalies tbody a").get_attribute("href")
    ui.page(first.replace(srv.url, ""), "anomaly")
    ui.page("/ui/security", "security")
    ui.page("/ui/security/audit", "audit")


def test_markup_in_a_description_renders_as_text(ui, srv):
    ui.go(f"/ui/models/{MODEL}/{srv.candidate}")
    assert ui.text("#version-description") == MARKUP
    assert ui.d.execute_script("return window.__xss === undefined")
    assert not ui.d.find_elements(By.CSS_SELECTOR, "#version-description img, #version-description b")


def test_deploy_then_roll_back(ui, srv):
    ui.go(f"/ui/models/{MODEL}/{srv.candidate}")
    ui.submit("Deploy…", by=By.LINK_TEXT)
    assert srv.candidate in ui.text("#change") and SERVING in ui.text("#change")
    ui.d.find_element(By.ID, "reason").send_keys("UI test deploy")
    ui.submit("confirm", by=By.ID)
    assert "Deployed" in ui.flash()
    assert serving_on_dashboard(ui) == srv.candidate
    ui.shot("dashboard-after-deploy")
    ui.go(f"/ui/models?model={MODEL}")
    ui.submit("Roll back…", by=By.LINK_TEXT)
    ui.d.find_element(By.ID, "reason").send_keys("UI test rollback")
    ui.submit("confirm", by=By.ID)
    assert "Rolled back" in ui.flash()
    assert serving_on_dashboard(ui) == SERVING
    assert call(srv, "GET", "/api/v1/models/current").json()["version"] == SERVING


def test_import_a_package_through_the_upload_page(ui, srv):
    packages = ROOT / "Tests/Fixtures/packages"
    ui.go("/ui/import")
    assert "does not allow imports" in ui.text("main")
    # Imports are registry writes: the training mode allows them (switched here through the UI's own form).
    ui.go("/ui/security")
    Select(ui.d.find_element(By.ID, "mode-select")).select_by_value("training")
    ui.submit("form[action='/ui/security/mode'] button", confirm=True)
    assert "training mode" in ui.flash()
    ui.go("/ui/import")
    ui.d.find_element(By.ID, "package").send_keys(str(packages / "tampered_model/model_20241201_143022_deployment.zip"))
    ui.submit("upload", by=By.ID)
    assert ui.text("#import-result h2") == "Refused"
    ui.d.find_element(By.ID, "package").send_keys(str(packages / "valid/model_20241201_143022_deployment.zip"))
    ui.submit("upload", by=By.ID)
    assert ui.text("#import-result h2") == "Imported"
    assert "20241201_143022" in ui.text("#import-result")
    ui.shot("import")
    ui.axe("import")
    versions = call(srv, "GET", f"/api/v1/model-management/models?model={MODEL}").text
    assert "20241201_143022" in versions
    assert call(srv, "POST", "/api/mode/inference").status_code == 200


def test_monitoring_compare_shadow_and_training_service_pages_are_accessible(ui, srv):
    request = (SAMPLE / "request.json").read_bytes()
    for _ in range(5):
        r = call(srv, "POST", "/predict", data=request, headers={"Content-Type": "application/json"})
        assert r.status_code == 200, r.text
    ui.page(f"/ui/monitoring?model={MODEL}", "monitoring")
    ui.fits("monitoring")
    assert SERVING in ui.text("#monitoring-versions")
    # The chart and the table beside it show the same bins: one bar per table row.
    bars = ui.d.find_elements(By.CSS_SELECTOR, "svg.histogram rect.bin")
    rows = ui.d.find_elements(By.CSS_SELECTOR, "#score-table tbody tr")
    assert bars and len(bars) == len(rows)
    ui.submit("run-drift-check", by=By.ID)
    # The flash names the version checked and the outcome, which agrees with the indicators of the page it
    # returns to (the same window, computed again).
    flash = ui.flash()
    assert re.match(rf"(No drift|Drift) detected for {MODEL} {SERVING}\b", flash), flash
    shown = ui.text("section[aria-labelledby='h-drift'] dl.facts dd")
    assert shown == ("detected" if flash.startswith("Drift") else "not detected"), (flash, shown)
    ui.page(f"/ui/compare?model={MODEL}&a={SERVING}&b={srv.candidate}", "compare")
    ui.fits("compare")
    assert srv.candidate in ui.text("#side-by-side thead") and SERVING in ui.text("#side-by-side thead")
    ui.page("/ui/agents/wifi-campus/shadow", "shadow")
    ui.fits("shadow")
    assert "Windows compared" in ui.text("#shadow-summary")
    ui.page("/ui/import/training-service", "training-service")
    ui.fits("training-service")
    assert "export_1" in ui.text("#training-packages")


def test_tag_a_version_through_its_form(ui, srv):
    assert call(srv, "POST", "/api/mode/training").status_code == 200
    try:
        ui.go(f"/ui/models/{MODEL}/{srv.candidate}")
        field = ui.d.find_element(By.ID, "tags")
        field.clear()
        field.send_keys("ui-test, reviewed <b>q4</b>")
        ui.submit("#tag-form button")
        assert "Tagged" in ui.flash()
        versions = call(srv, "GET", f"/api/v1/model-management/models?model={MODEL}").json()
        text = str(versions)
        assert "reviewed <b>q4</b>" in text and "ui-test" in text
        ui.go(f"/ui/models/{MODEL}/{srv.candidate}")
        assert ui.d.find_element(By.ID, "tags").get_attribute("value") == "ui-test, reviewed <b>q4</b>"
        assert not ui.d.find_elements(By.CSS_SELECTOR, "main dd b")
        shown = ui.d.find_element(By.XPATH, "//dt[.='Tags']/following-sibling::dd[1]").text
        assert shown == "ui-test, reviewed <b>q4</b>", shown
    finally:
        assert call(srv, "POST", "/api/mode/inference").status_code == 200


def test_import_from_the_training_service_page(ui, srv):
    assert call(srv, "POST", "/api/mode/training").status_code == 200
    try:
        # The upload test imported this version; delete it here (through the UI) so the folder's copy is new.
        ui.go("/ui/import/training-service")
        assert "imported" in ui.text("#training-packages")
        ui.go(f"/ui/models/{MODEL}/20241201_143022")
        ui.submit("Delete…", by=By.LINK_TEXT)
        ui.submit("confirm", by=By.ID)
        assert "Deleted" in ui.flash()
        ui.go("/ui/import/training-service")
        ui.submit("button[aria-label='Import export_1']")
        assert "Imported" in ui.flash() and "20241201_143022" in ui.flash()
        assert "export_1" in ui.text("#transfers") and "imported" in ui.text("#transfers")
        ui.shot("training-service-after-import")
        ui.axe("training-service-after-import")
        versions = call(srv, "GET", f"/api/v1/model-management/models?model={MODEL}").text
        assert "20241201_143022" in versions
        transfers = call(srv, "GET", "/api/v1/model-management/transfer-history").text
        assert "export_1" in transfers
    finally:
        assert call(srv, "POST", "/api/mode/inference").status_code == 200


def test_pair_the_agent_with_another_version(ui, srv):
    ui.go("/ui/agents/wifi-campus")
    select = Select(ui.d.find_element(By.ID, "choice"))
    for option in select.options:
        if not option.is_enabled():
            assert "incompatible" in option.text
    select.select_by_value(f"{MODEL}|{srv.candidate}")
    ui.d.find_element(By.ID, "set-reason").send_keys("UI test pairing")
    ui.submit("set-model", by=By.ID)
    assert srv.candidate in ui.flash()
    assert ui.text("#paired-version") == srv.candidate
    status = call(srv, "GET", "/api/v1/agents/wifi-campus").json()
    assert status["paired_version"] == srv.candidate


def test_acknowledge_an_anomaly(ui, srv):
    ui.go("/ui/anomalies?status=open")
    ui.submit("#anomalies tbody a")
    anomaly_id = ui.d.current_url.rstrip("/").split("/")[-1]
    ui.d.find_element(By.ID, "note").send_keys("looking into it")
    ui.submit("button[name='status'][value='acknowledged']")
    assert "acknowledged" in ui.flash()
    assert ui.text("#anomaly-status") == "acknowledged"
    assert call(srv, "GET", f"/api/v1/anomalies/{anomaly_id}").json()["status"] == "acknowledged"


def test_revoke_a_key(ui, srv):
    doomed = srv.keys["doomed"]
    assert call(srv, "GET", "/api/v1/models", key=doomed["key"]).status_code == 200
    ui.go("/ui/security")
    ui.submit(f"#key-{doomed['id']} button.danger", confirm=True)
    assert "revoked" in ui.flash()
    assert ui.text(f"#key-{doomed['id']} .key-state").startswith("revoked")
    assert call(srv, "GET", "/api/v1/models", key=doomed["key"]).status_code == 401


def test_a_forged_post_without_the_csrf_token_is_refused_and_audited(ui, srv):
    ui.go("/ui")
    status = ui.forged_post(f"/ui/models/{MODEL}/{srv.candidate}/deploy", "reason=forged")
    assert status == 403
    assert call(srv, "GET", "/api/v1/models/current").json()["version"] == SERVING
    audit = call(srv, "GET", "/api/audit?action=deploy&limit=5").json()
    entries = audit.get("entries") or audit.get("audit") or audit.get("records") or []
    assert any(e["outcome"] == "denied" and "CSRF" in str(e.get("details")) for e in entries), audit


def test_a_viewer_sees_no_action_and_cannot_act(ui, srv):
    ui.sign_out()
    ui.sign_in(srv.keys["viewer"]["key"])
    for path in [f"/ui/models/{MODEL}/{srv.candidate}", f"/ui/models?model={MODEL}", "/ui/agents",
                 "/ui/agents/wifi-campus", "/ui/anomalies", "/ui/import", f"/ui/monitoring?model={MODEL}",
                 f"/ui/compare?model={MODEL}&a={SERVING}&b={srv.candidate}", "/ui/agents/wifi-campus/shadow",
                 "/ui/import/training-service"]:
        ui.go(path)
        posts = [f.get_attribute("action") for f in ui.d.find_elements(By.CSS_SELECTOR, "form[method='post']")]
        assert all(a.endswith("/ui/sign-out") for a in posts), (path, posts)
        assert not ui.d.find_elements(By.CSS_SELECTOR, ".actions a, a.button"), path
    ui.go(f"/ui/models/{MODEL}/{srv.candidate}")
    ui.shot("version-viewer")
    # The viewer's own session and a valid CSRF token: the server still refuses (role), and audits it.
    token = ui.d.find_element(By.CSS_SELECTOR, "form[action='/ui/sign-out'] input[name='csrf']").get_attribute("value")
    assert ui.forged_post(f"/ui/models/{MODEL}/{srv.candidate}/deploy", f"csrf={token}") == 403
    assert ui.forged_post("/ui/security/keys", f"csrf={token}&name=x&role=admin") == 403
    audit = call(srv, "GET", "/api/audit?action=deploy&limit=5").json()
    entries = audit.get("entries") or audit.get("audit") or audit.get("records") or []
    assert any(e["outcome"] == "denied" and "viewer" in e["actor"] for e in entries), audit
    ui.go("/ui/security")
    assert "403" in ui.text("h1")
    ui.sign_out()
