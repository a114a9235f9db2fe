"""The UI benchmark's anchor: a minimal Flask + Jinja2 app serving pages shaped like Warden's dashboard and its
models table (50 rows a page) out of UI_ANCHOR_VERSIONS in-memory rows; no database, no session, no escaping
shortcuts (Jinja2 autoescape on). Run by python/bench/ui/run.py under gunicorn."""
import datetime
import os

from flask import Flask, request
from jinja2 import Environment

N = int(os.environ.get("UI_ANCHOR_VERSIONS", "10000"))
START = datetime.datetime(2024, 1, 1)
ROWS = [{"version": (START + datetime.timedelta(minutes=i)).strftime("%Y%m%d_%H%M%S"), "status": "available",
         "created": "2026-01-05T00:00:00", "imported": (START + datetime.timedelta(minutes=i)).isoformat(),
         "tags": "", "verdict": "valid", "score": "0.93", "size": "1.8 MiB", "description": ""}
        for i in range(N)][::-1]

env = Environment(autoescape=True)
LAYOUT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ title }} · Warden</title>
<link rel="stylesheet" href="/ui/static/ui.css"></head><body><header><nav><ul>{% for n in nav %}<li><a href="{{ n.path }}">
{{ n.title }}</a></li>{% endfor %}</ul></nav></header><main>{% block content %}{% endblock %}</main></body></html>"""
TABLE = env.from_string(LAYOUT.replace("{% block content %}{% endblock %}", """<h1>Models</h1>
<table class="data"><thead><tr><th>Version</th><th>Status</th><th>Created</th><th>Imported</th><th>Tags</th>
<th>Validation</th><th>Score</th><th>Size</th><th>Description</th></tr></thead><tbody>
{% for r in rows %}<tr><td><a href="/ui/models/wifi-anomaly/{{ r.version }}">{{ r.version }}</a></td><td>{{ r.status }}</td>
<td>{{ r.created }}</td><td>{{ r.imported }}</td><td>{{ r.tags }}</td><td>{{ r.verdict }}</td><td>{{ r.score }}</td>
<td>{{ r.size }}</td><td>{{ r.description }}</td></tr>{% endfor %}</tbody></table>
<p>Page {{ page }} of {{ pages }}</p>"""))
DASHBOARD = env.from_string(LAYOUT.replace("{% block content %}{% endblock %}", """<h1>Dashboard</h1>
<table class="data"><thead><tr><th>Model</th><th>Serving version</th><th>State</th><th>Requests</th><th>p95</th>
<th>Errors</th><th>Anomalies</th><th>Drift</th></tr></thead><tbody>{% for m in models %}<tr><th>{{ m.model }}</th>
<td>{{ m.version }}</td><td>{{ m.state }}</td><td>{{ m.rate }}<svg viewBox="0 0 120 28"><polyline points="{{ m.spark }}"/></svg></td>
<td>{{ m.p95 }}</td><td>{{ m.errors }}</td><td>{{ m.anomalies }}</td><td>{{ m.drift }}</td></tr>{% endfor %}</tbody></table>
<ul>{% for s in severities %}<li>{{ s.severity }} {{ s.count }}</li>{% endfor %}</ul>"""))
NAV = [{"title": t, "path": p} for t, p in [("Dashboard", "/ui"), ("Models", "/ui/models"), ("Monitoring", "/ui/monitoring"),
                                            ("Import", "/ui/import"), ("Agents", "/ui/agents")]]
app = Flask(__name__)


@app.get("/ui")
def dashboard():
    models = [{"model": "wifi-anomaly", "version": ROWS[0]["version"], "state": "deployed", "rate": "—", "spark": "",
               "p95": "—", "errors": "—", "anomalies": "—", "drift": "no drift alert"}]
    severities = [{"severity": s, "count": 0} for s in ("critical", "high", "medium", "low")]
    return DASHBOARD.render(title="Dashboard", nav=NAV, models=models, severities=severities)


@app.get("/ui/models")
def models():
    page = max(1, int(request.args.get("page", "1")))
    pages = (len(ROWS) + 49) // 50
    rows = ROWS[(page - 1) * 50:page * 50]
    return TABLE.render(title="Models", nav=NAV, rows=rows, page=page, pages=pages)
