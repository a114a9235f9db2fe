#!/usr/bin/env python3
"""Writes Sources/ModelServer/openapi.json, the OpenAPI 3.1 document of Warden's HTTP API.

The routes, fields and status codes below are read from Sources/ModelServer/Routes+*.swift, Views.swift and
APIError.swift; when a route changes, change it here and run:

    python3 python/openapi/build.py            # writes Sources/ModelServer/openapi.json and docs/API.md
    python3 python/openapi/build.py --check    # exits 1 when a committed file differs (used by scripts/test-http)

docs/API.md is written from the same tables (its endpoint tables) and the prose in docs_prose() below.
"""
import argparse
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Sources" / "ModelServer" / "openapi.json"
DOCS = ROOT / "docs" / "API.md"


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(t):
    return {"type": [t, "null"]}


STR, NUM, INT, BOOL = {"type": "string"}, {"type": "number"}, {"type": "integer"}, {"type": "boolean"}
OBJ = {"type": "object"}


def arr(items):
    return {"type": "array", "items": items}


def obj(required=(), **props):
    o = {"type": "object", "properties": props}
    if required:
        o["required"] = list(required)
    return o


# ---------------------------------------------------------------------------------------------------- schemas
VERSION_STATUS = {"type": "string", "enum": ["imported", "available", "deployed", "production", "deactivated", "failed"]}

SCHEMAS = {
    "Error": obj(
        ["error"],
        error=obj(
            ["code", "message"],
            code={"type": "string", "description": "Stable machine-readable code, e.g. missing_features."},
            message={"type": "string", "description": "What failed, the offending value and the remedy."},
            details={"type": "object", "description": "Structured facts (omitted when there are none)."},
        ),
    ),
    "V2Error": obj(
        ["error", "code"],
        error={"type": "string", "description": "'<code>: <message>': the Open Inference Protocol's error string."},
        code={"type": "string", "description": "Warden's stable machine-readable code, as in Error."},
        details={"type": "object", "description": "Structured facts (omitted when there are none)."},
    ),
    "InferenceConfig": obj(
        ["threshold", "anomaly_ratio", "score_percentile", "batch_size", "timeout_seconds"],
        threshold=nullable("number"), anomaly_ratio=nullable("number"), score_percentile=nullable("number"),
        batch_size=nullable("integer"), timeout_seconds=nullable("number"),
    ),
    "VersionSummary": obj(
        ["model", "version", "status", "is_serving", "created_at", "imported_at", "description", "tags",
         "file_size", "metrics", "failure_reason", "import_source", "validation"],
        model=STR, version=STR, status=VERSION_STATUS, is_serving=BOOL,
        created_at={"type": "string", "description": "metadata.json model_info.created_at, else the import time."},
        imported_at={"type": "string", "description": "ISO 8601."},
        description=nullable("string"), tags=arr(STR), file_size=INT,
        metrics={"type": "object", "description": "metadata.json evaluation_info.basic_metrics."},
        failure_reason=nullable("string"), import_source=STR,
        validation={"oneOf": [{"type": "null"}, obj(["valid", "score"], valid=BOOL, score=NUM)]},
    ),
    "VersionDetail": {
        "allOf": [
            ref("VersionSummary"),
            obj(
                ["metadata", "manifest", "inference_config", "files", "validation_report"],
                metadata={"description": "metadata.json as imported (null when absent)."},
                manifest={"description": "deployment_manifest.json as imported (null when absent)."},
                inference_config=ref("InferenceConfig"),
                files=arr(obj(["name", "sha256", "size"], name=STR, sha256=STR, size=INT)),
                validation_report={"oneOf": [{"type": "null"}, ref("ValidationReport")]},
                serving=ref("ServingModel"),
            ),
        ]
    },
    "ValidationReport": {
        "type": "object",
        "description": "The import-time validation report of the package (snake_case keys): errors, warnings, "
                       "recommendations, notes, files, model summaries, trial inference and quality score.",
    },
    "ValidationIssue": obj(["code", "message"], code=STR, message=STR, file=STR, path=STR),
    "ServingModel": obj(
        ["model", "version", "status", "estimator", "n_features", "feature_names", "threshold", "threshold_source",
         "sklearn_version", "loaded_at", "inference_config", "supports_predict_proba"],
        model=STR, version=STR, status=VERSION_STATUS, estimator={"type": "string", "examples": ["IsolationForest"]},
        n_features=INT, feature_names={"oneOf": [{"type": "null"}, arr(STR)]}, threshold=NUM,
        threshold_source={"type": "string", "enum": ["manifest", "model"]}, sklearn_version=nullable("string"),
        loaded_at=STR, inference_config=ref("InferenceConfig"), supports_predict_proba=BOOL,
    ),
    "LifecycleOutcome": obj(
        ["success", "model", "version", "command", "changes"],
        success={"const": True}, model=STR, version=STR,
        command={"type": "string", "examples": ["deploy", "rollback", "deactivate", "activate", "promote"]},
        changes=arr(obj(["version", "from", "to"], version=STR, **{"from": VERSION_STATUS, "to": VERSION_STATUS})),
        previous_version=nullable("string"), serving_version=STR, serving=ref("ServingModel"),
    ),
    "LifecycleRequest": obj(
        reason={"type": "string", "description": "Recorded in the deployment history."},
    ),
    "Row": {
        "description": "One row: an object {feature: value} matched by name (unknown features are ignored with a "
                       "warning), or an array of values in training column order. A value is a number, null "
                       "(NaN), or one of the strings \"NaN\", \"Infinity\", \"-Infinity\".",
        "oneOf": [
            {"type": "object", "additionalProperties": {"type": ["number", "string", "null"]}},
            {"type": "array", "items": {"type": ["number", "string", "null"]}},
        ],
    },
    "OutputName": {"type": "string", "enum": ["score_samples", "decision_function", "predict", "predict_proba"]},
    "PredictRequest": obj(
        ["features"],
        features={"type": "array", "minItems": 1, "items": ref("Row"),
                  "description": "At most inference_config.batch_size rows (else --max-rows)."},
        missing_features={"type": "string", "enum": ["reject", "zero"],
                          "description": "reject: 422 naming every missing feature of every row (default); "
                                         "zero: score missing features as 0.0 (seed 003's ModelInference)."},
        outputs={"oneOf": [ref("OutputName"), arr(ref("OutputName"))],
                 "description": "Raw scikit-learn outputs to add to the response."},
        model={"type": "string", "description": "Overrides ?model=."},
        version={"type": "string", "description": "Overrides ?version=: score with this version (loaded if needed)."},
    ),
    "PredictResponse": obj(
        ["predictions", "scores", "threshold", "anomaly_count", "total_samples", "model", "model_version"],
        predictions={"type": "array", "items": {"type": "integer", "enum": [0, 1]},
                     "description": "1 when the row's score is above the threshold."},
        scores={"type": "array", "items": {"type": ["number", "null"]},
                "description": "Anomaly scores, -score_samples (in (0, 1] for IsolationForest)."},
        threshold=NUM, anomaly_count=INT, total_samples=INT, model=STR, model_version=STR,
        score_samples=arr({"type": ["number", "null"]}), decision_function=arr({"type": ["number", "null"]}),
        predict=arr({"type": "integer", "enum": [-1, 1]}),
        probabilities={"type": "array", "items": {"type": "array", "items": NUM, "minItems": 2, "maxItems": 2},
                       "description": "[P(normal), P(anomaly)] per row (predict_proba; IsolationForest only): "
                                      "P(anomaly) = s/(2t) for s <= t, 1/2 + (s-t)/(2(1-t)) above."},
        warnings=arr(STR),
    ),
    "ModelList": obj(
        ["models", "count", "current_version"],
        models=arr(ref("VersionSummary")), count=INT, current_version=nullable("string"),
        model={"type": "string", "description": "The model listed (model-management only)."},
    ),
    "Health": obj(
        ["status", "models", "fallbacks"],
        status={"type": "string", "enum": ["healthy", "degraded", "unhealthy"]},
        models=arr(obj(["model", "version", "status"], model=STR, version=STR, status=VERSION_STATUS)),
        fallbacks=arr(obj(["model", "wanted_version", "serving_version", "reason"], model=STR, wanted_version=STR,
                          serving_version=nullable("string"), reason=STR)),
    ),
    "HealthDetailed": {
        "allOf": [
            ref("Health"),
            obj(
                ["timestamp", "system", "model", "version", "mode"],
                timestamp=STR,
                system=obj(["initialized", "running", "warden_version", "uptime_seconds"], initialized=BOOL,
                           running=BOOL, warden_version=STR, uptime_seconds=NUM),
                model=obj(["healthy", "model_dir_exists", "required_files", "disk_space_available", "disk_space_mb"],
                          healthy=BOOL, model_dir_exists=BOOL,
                          required_files={"type": "object", "additionalProperties": BOOL},
                          disk_space_available=BOOL, disk_space_mb=nullable("number")),
                version=obj(["current", "production"], current=nullable("string"), production=nullable("string")),
                mode={"type": "string", "enum": ["inference"]},
            ),
        ]
    },
    "ImportResult": obj(
        ["success", "model", "version", "status", "warnings"],
        success={"const": True}, model=STR, version=STR, status=VERSION_STATUS, warnings=arr(ref("ValidationIssue")),
    ),
    "TrainingServiceEntry": obj(
        ["name", "path", "imported"],
        name=STR, path=STR, version=STR, created_at=STR, model_type=STR, training_samples=INT, imported=BOOL,
        problem=STR,
    ),
    "TransferEvent": obj(["source", "model", "version", "status", "at"], source=STR, model=STR, version=STR,
                         status=STR, at=STR, message=STR),
    # ---- V2
    "V2Ready": obj(["ready"], ready=BOOL),
    "V2Tensor": obj(
        ["name", "shape", "datatype"],
        name=STR, shape=arr(INT), datatype={"type": "string", "enum": ["FP64", "FP32", "INT64", "INT32"]},
        parameters=obj(binary_data_size={"type": "integer", "minimum": 0,
                                         "description": "Binary tensor data extension: the tensor's bytes follow "
                                                        "the JSON header."}),
        data={"description": "Row-major values, flat or nested; absent when binary_data_size is given. INT64 and "
                             "INT32 take whole numbers within the type's range, FP32 numbers within its range "
                             "(else 400 invalid_tensor_data naming the value's index).",
              "type": "array"},
    ),
    "V2InferRequest": obj(
        ["inputs"],
        id=STR,
        parameters=obj(binary_data_output={"type": "boolean"}),
        inputs={"type": "array", "minItems": 1, "maxItems": 1, "items": ref("V2Tensor"),
                "description": "Exactly one tensor of shape [rows, n_features]."},
        outputs=arr(obj(["name"], name={"type": "string", "enum": ["scores", "labels", "score_samples",
                                                                    "decision_function", "predict"]},
                        parameters=obj(binary_data={"type": "boolean"}))),
    ),
    "V2OutputTensor": obj(
        ["name", "datatype", "shape"],
        name=STR, datatype={"type": "string", "enum": ["FP64", "INT64"]}, shape=arr(INT),
        data=arr({"type": ["number", "null"]}),
        parameters=obj(["binary_data_size"], binary_data_size=INT),
    ),
    "V2InferResponse": obj(
        ["model_name", "model_version", "outputs"],
        id=STR, model_name=STR, model_version=STR, outputs=arr(ref("V2OutputTensor")),
    ),
    "V2TensorMetadata": obj(["name", "datatype", "shape"], name=STR, datatype=STR, shape=arr(INT)),
    "V2ModelMetadata": obj(
        ["name", "versions", "platform", "version", "inputs", "outputs", "parameters"],
        name=STR, versions=arr(STR), platform={"const": "warden_sklearn"}, version=STR,
        inputs=arr(ref("V2TensorMetadata")), outputs=arr(ref("V2TensorMetadata")),
        parameters=obj(["feature_names", "threshold", "estimator"],
                       feature_names={"oneOf": [{"type": "null"}, arr(STR)]}, threshold=NUM, estimator=STR),
    ),
    "V2RepositoryEntry": obj(
        ["name", "state", "version"],
        name=STR, state={"type": "string", "enum": ["READY", "UNAVAILABLE"]}, version=nullable("string"),
        reason=STR,
    ),
    # ---- MLflow
    "MLflowRequest": {
        "description": "Exactly one of the keys MLflow's scoring server documents.",
        "oneOf": [
            obj(["dataframe_split"], dataframe_split=obj(
                ["data"], columns=arr(STR),
                index={**arr({}), "description": "One label per row of data (else 400 invalid_request)."},
                data=arr(arr({"type": ["number", "string", "null"]})))),
            obj(["dataframe_records"], dataframe_records=arr(ref("Row"))),
            obj(["instances"], instances={"oneOf": [arr(ref("Row")), {"type": "object",
                                                                       "additionalProperties": {"type": "array"}}]}),
            obj(["inputs"], inputs={"oneOf": [arr(ref("Row")), {"type": "object",
                                                                 "additionalProperties": {"type": "array"}}]}),
        ],
    },
    "MLflowResponse": obj(["predictions"], predictions={"type": "array", "items": {"type": "integer",
                                                                                   "enum": [-1, 1]}}),
}

# ---------------------------------------------------------------------------------------------------- errors
ERROR_TEXT = {
    "400": "Malformed request: invalid JSON, wrong shape, unknown output, model_required (several models the key "
           "may act on, none named; details.models lists them), invalid_version or invalid_model_name (a name no "
           "version or model could have: '..', a character outside [A-Za-z0-9._+-], over 128 characters), or framing "
           "the HTTP parser refuses (malformed_request, e.g. a chunk size that is not hexadecimal; incomplete_body, "
           "the connection closed mid-body; both close the connection).",
    "404": "Unknown model or version (version_not_found names it).",
    "408": "request_timeout: the request body did not arrive within inference_config.timeout_seconds, or the "
           "request line and headers within server.header_timeout (the connection is closed).",
    "409": "Refused by the lifecycle rules (invalid_transition, serving_version_protected, no_previous_version, "
           "duplicate_version, conflict), or monitoring state: no_baseline, no_reference, insufficient_data (too few "
           "recorded predictions; details.required and details.available).",
    "413": "Body over --max-body-bytes, declared or chunked (body_too_large; the connection is closed), or more "
           "rows than inference_config.batch_size (too_many_rows); the limit is in details.",
    "415": "Content type other than application/json or text/csv (unsupported_media_type), or a body declared in "
           "a charset other than UTF-8 (unsupported_charset).",
    "422": "Rows that cannot be scored: missing_features (every missing feature of every row), invalid_features "
           "(row and feature named), unsupported_output; or a version that failed to load (load_failed), or a "
           "package that failed validation.",
    "401": "unauthenticated (no credential), invalid_key, invalid_token or expired_token: send X-API-Key: <key> or "
           "Authorization: Bearer <token or key>.",
    "403": "forbidden (the role lacks the permission; details.permission), model_out_of_scope (the key is limited to "
           "other models, or the operation acts on every model: keys, audit, modes, cleanup, imports), "
           "api_key_required (tokens need a key).",
    "429": "rate_limited: the key's (or client address's) token bucket is empty; Retry-After and "
           "X-RateLimit-Remaining say when to retry.",
    "501": "not_implemented: the capability arrives with a later part of Warden (named in details.capability).",
    "503": "No version of the model is loaded for serving (model_not_loaded), the training service is not "
           "configured, monitoring is off, the serving mode forbids predictions (mode_forbids), a secret or security "
           "setting the operation needs is missing or too weak (missing_secret, weak_secret, invalid_configuration), "
           "or the client address holds server.max_connections_per_client connections already "
           "(too_many_connections; the connection is closed).",
}


def errors(*codes):
    return {str(c): {"$ref": f"#/components/responses/E{c}"} for c in codes}


def v2errors(*codes):
    """Errors of the /v2 routes: the Open Inference Protocol's {"error": "<message>"} with Warden's code beside."""
    return {str(c): {"$ref": f"#/components/responses/V2E{c}"} for c in codes}


def ok(schema, description="OK", status="200", content_type="application/json"):
    return {status: {"description": description, "headers": {"X-Request-Id": {"$ref": "#/components/headers/XRequestId"}},
                     "content": {content_type: {"schema": schema}}}}


def with_text(response, content_type):
    """Adds a text alternative (e.g. a readable report) to a 200 response."""
    response["200"]["content"][content_type] = {"schema": {"type": "string"}}
    return response


def json_body(schema, required=True, description=None, example=None):
    b = {"required": required, "content": {"application/json": {"schema": schema}}}
    if example is not None:
        b["content"]["application/json"]["example"] = example
    if description:
        b["description"] = description
    return b


Q_MODEL = {"$ref": "#/components/parameters/model"}
Q_VERSION = {"$ref": "#/components/parameters/version"}
H_ACTOR = {"$ref": "#/components/parameters/actor"}


def path_param(name, description):
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}, "description": description}


P_VERSION = dict(path_param("version", "A version name of the model chosen with ?model=."), example="20241201_143022")
P_NAME = dict(path_param("name", "The model's name."), example="wifi-anomaly")
V_VERSION = dict(path_param("version", "The version."), example="20241201_143022")
# One row of samples/wifi-iforest/rows.json: the examples of the request bodies (schemathesis' examples phase).
SAMPLE_ROW = json.loads((ROOT / "samples/wifi-iforest/rows.json").read_text())[0]


def op(tag, summary, responses, *, params=(), body=None, description=None, op_id=None, status="implemented"):
    o = {"tags": [tag], "summary": summary, "operationId": op_id, "responses": responses,
         "x-warden-status": status}
    if description:
        o["description"] = description
    if params:
        o["parameters"] = list(params)
    if body:
        o["requestBody"] = body
    return o


PATHS = {}


def add(path, method, operation):
    PATHS.setdefault(path, {})[method] = operation


def pending(path, method, capability, tag, summary, op_id, params=()):
    add(path, method, op(
        tag, summary, {"501": {"$ref": "#/components/responses/E501"}}, params=params, op_id=op_id,
        status=f"pending: {capability}",
        description=f"Pending: answers 501 not_implemented naming the capability ({capability})."))


# ---- prediction (seed 003 Pattern 2, seed 004)
PREDICT_DESC = ("Seed 003's prediction service. Rows are matched to the model's features by name; the response "
                "names the version that scored. A row is an anomaly (1) when its score (-score_samples) is above the "
                "threshold (inference_config.threshold, else the model's -offset_).")
for path, oid in (("/predict", "predict"), ("/api/predict", "apiPredict")):
    add(path, "post", op(
        "prediction", "Score feature rows (seed 003)",
        {**ok(ref("PredictResponse")), **errors(400, 404, 408, 413, 422, 503)},
        params=(Q_MODEL, Q_VERSION), body=json_body(ref("PredictRequest"), example={"features": [SAMPLE_ROW]}),
        description=PREDICT_DESC, op_id=oid))

# ---- /api/v1/models (seed 000)
M = "/api/v1/models"
add(M, "get", op("models", "List every version of every model (or of ?model=)",
                 {**ok(ref("ModelList")), **errors(400)}, params=(Q_MODEL,), op_id="listModels"))
add(M + "/current", "get", op(
    "models", "The serving version of the model",
    {**ok({"allOf": [ref("ServingModel"), obj(["loaded"], loaded={"const": True})]}), **errors(400, 404, 503)},
    params=(Q_MODEL,), op_id="currentModel"))
add(M + "/analyze", "post", op(
    "models", "Analyze feature rows, or raw log records (windowed, scored and classified; nothing stored)",
    {**ok({"oneOf": [ref("PredictResponse"), obj(["anomalies", "anomaly_count"], anomalies=arr(OBJ),
                                                anomaly_count=INT)]}),
     **errors(400, 404, 408, 413, 422, 503)}, params=(Q_MODEL, Q_VERSION),
    body=json_body({"oneOf": [ref("PredictRequest"), {"type": "array", "minItems": 1, "items": ref("Row")}]},
                   example=[SAMPLE_ROW]),
    description="As /predict; the body may also be a bare array of rows. Raw log records (seed 000's "
                "{timestamp, message} or the contract's {ts, ap, event_type, ...}, and none of the model's features) "
                "are windowed, scored with the serving version and classified by the agents' pipeline; the anomalies "
                "are returned, nothing is stored.",
    op_id="analyze"))
LIFECYCLE_ERRORS = errors(400, 404, 408, 409, 413, 422, 503)
for verb, summary in (("load", "Load (deploy) a version: it serves from now on"),
                      ("deploy", "Deploy a version: it serves from now on"),
                      ("deactivate", "Deactivate a version (never the serving one)")):
    add(f"{M}/{{version}}/{verb}", "post", op(
        "models", summary, {**ok(ref("LifecycleOutcome")), **LIFECYCLE_ERRORS},
        params=(P_VERSION, Q_MODEL, H_ACTOR), body=json_body(ref("LifecycleRequest"), required=False),
        op_id=f"models_{verb}"))
add(f"{M}/{{version}}/activate", "post", op(
    "models", "Activate a version: re-enable it if deactivated or failed, then deploy it",
    {**ok({"oneOf": [ref("LifecycleOutcome"),
                     obj(["success", "model", "version", "command", "serving_version"], success={"const": True},
                         model=STR, version=STR, command={"const": "activate"}, serving_version=STR)]}),
     **LIFECYCLE_ERRORS},
    params=(P_VERSION, Q_MODEL, H_ACTOR), body=json_body(ref("LifecycleRequest"), required=False),
    op_id="models_activate"))
add(f"{M}/{{version}}/info", "get", op(
    "models", "Everything known of a version", {**ok(ref("VersionDetail")), **errors(400, 404)},
    params=(P_VERSION, Q_MODEL), op_id="versionInfo"))

# ---- /api/v1/model-management (seed 000 enhanced, seed 002)
MM = "/api/v1/model-management"
add(MM + "/models", "get", op("model-management", "List the versions of the model",
                              {**ok(ref("ModelList")), **errors(400)}, params=(Q_MODEL,), op_id="mm_listModels"))
add(MM + "/models/{version}", "get", op(
    "model-management", "Everything known of a version, and how it serves when it does",
    {**ok(ref("VersionDetail")), **errors(400, 404)}, params=(P_VERSION, Q_MODEL), op_id="mm_version"))
add(MM + "/{version}/deploy", "post", op(
    "model-management", "Deploy a version", {**ok(ref("LifecycleOutcome")), **LIFECYCLE_ERRORS},
    params=(P_VERSION, Q_MODEL, H_ACTOR), body=json_body(ref("LifecycleRequest"), required=False), op_id="mm_deploy"))
add(MM + "/{version}/rollback", "post", op(
    "model-management", "Roll back to a given earlier version", {**ok(ref("LifecycleOutcome")), **LIFECYCLE_ERRORS},
    params=(P_VERSION, Q_MODEL, H_ACTOR), body=json_body(ref("LifecycleRequest"), required=False),
    op_id="mm_rollbackTo"))
add(MM + "/rollback", "post", op(
    "model-management", "Roll back to the previously deployed version",
    {**ok(ref("LifecycleOutcome")), **LIFECYCLE_ERRORS},
    params=(Q_MODEL, H_ACTOR), body=json_body(ref("LifecycleRequest"), required=False), op_id="mm_rollback"))
add(MM + "/{version}/validate", "post", op(
    "model-management", "Validate a stored version now: its import report plus a fresh load and trial inference",
    {**ok(obj(["model", "version", "valid", "load_check", "quality_score", "errors", "warnings", "recommendations"],
              model=STR, version=STR, valid=BOOL,
              load_check=obj(["ok"], ok=BOOL, estimator=STR, n_features=INT, threshold=NUM, error=STR),
              quality_score=nullable("number"), errors=arr(ref("ValidationIssue")),
              warnings=arr(ref("ValidationIssue")), recommendations=arr(ref("ValidationIssue")))),
     **errors(400, 404)},
    params=(P_VERSION, Q_MODEL), op_id="mm_validate"))
add(MM + "/{version}/validation-report", "get", op(
    "model-management", "The stored import-time validation report",
    {**ok(obj(["model", "version", "report"], model=STR, version=STR, report=ref("ValidationReport"))),
     **errors(400, 404)},
    params=(P_VERSION, Q_MODEL), op_id="mm_validationReport"))
add(MM + "/{version}/validate-compatibility", "post", op(
    "model-management", "Whether a version takes the same features, in the same order, as the serving one",
    {**ok(obj(["model", "version", "compatible"], model=STR, version=STR, current_version=nullable("string"),
              compatible=BOOL, issues=arr(STR), notes=arr(STR), message=STR)),
     **errors(400, 404, 422)},
    params=(P_VERSION, Q_MODEL), op_id="mm_compatibility"))
add(MM + "/transfer-history", "get", op(
    "model-management", "Transfers from the training service, newest first",
    {**ok(obj(["transfers", "count"], transfers=arr(ref("TransferEvent")), count=INT))}, op_id="mm_transfers"))
add(MM + "/transfer-history", "delete", op(
    "model-management", "Clear the transfer history (all, or older than ?older_than_days=)",
    {**ok(obj(["success", "removed"], success={"const": True}, removed=INT)), **errors(400)},
    params=({"name": "older_than_days", "in": "query", "required": False,
             "schema": {"type": "number", "minimum": 0}, "description": "Only events older than this many days."},),
    op_id="mm_clearTransfers"))
add(MM + "/training-service/models", "get", op(
    "training-service", "Scan the training service's models/ folder",
    {**ok(obj(["models", "count", "path"], models=arr(ref("TrainingServiceEntry")), count=INT, path=STR)),
     **errors(503)}, op_id="ts_models"))
add(MM + "/training-service/connection", "get", op(
    "training-service", "Whether the training service folder is configured and readable",
    ok(obj(["connected", "path", "message"], connected=BOOL, path=nullable("string"), models_found=INT,
           message=STR)), op_id="ts_connection"))
add(MM + "/import-latest", "post", op(
    "training-service", "Import the newest model of the training service not imported yet",
    {**ok(obj(["success", "imported", "message"], success={"const": True}, imported={"type": "null"}, message=STR),
          description="Nothing new to import"),
     **ok(ref("ImportResult"), description="Imported", status="201"), **errors(409, 413, 422, 503)},
    op_id="ts_importLatest"))
add(MM + "/import/{path}", "post", op(
    "training-service", "Import one folder of the training service's models/ by name",
    {**ok(ref("ImportResult"), description="Imported", status="201"), **errors(400, 404, 409, 413, 422, 503)},
    params=(path_param("path", "The folder's name under models/."),), op_id="ts_import"))
add(MM + "/upload", "post", op(
    "training-service", "Import a deployment package sent as the request body (ZIP)",
    {**ok(ref("ImportResult"), description="Imported", status="201"), **errors(400, 409, 413, 422)},
    params=({"name": "X-Filename", "in": "header", "required": False, "schema": STR,
             "description": "The package's file name, recorded as the import source (upload:<name>)."},),
    body={"required": True, "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}},
                                        "application/octet-stream": {"schema": {"type": "string",
                                                                                "format": "binary"}}}},
    description="Read with the ZIP limits and validated like every import: integrity, schemas, a trial load, "
                "quality rules. At most --max-upload-bytes (256 MiB). Training mode only; audited as import.",
    op_id="ts_upload"))
SUMMARY = {"oneOf": [{"type": "null"}, obj(["mean", "std", "min", "max"], mean=NUM, std=NUM, min=NUM, max=NUM,
                                             p50=NUM, p95=NUM, p99=NUM)]}
WINDOW = obj(["count", "errors"], count=INT, errors=INT, error_rate=nullable("number"), latency=SUMMARY,
             score=SUMMARY, anomaly_rate=nullable("number"))
PERFORMANCE = obj(["model", "version", "total_predictions", "total_errors", "window"], model=STR, version=STR,
                  total_predictions=INT, total_errors=INT, window=WINDOW, window_size=INT,
                  throughput_per_second=nullable("number"), memory_bytes=nullable("integer"))
add(MM + "/performance", "get", op(
    "model-management", "Performance of every version served since start (rolling windows)",
    {**ok(obj(["window_size", "versions", "count"], window_size=INT, uptime_seconds=NUM, versions=arr(PERFORMANCE),
              count=INT)), **errors(503)},
    description="Latency in seconds (per request, recorded for each row), anomaly scores and labels of the last "
                "monitoring.window_size rows per version; 503 monitoring_disabled when monitoring.enabled is false.",
    op_id="mm_performance"))
add(MM + "/performance/{version}", "get", op(
    "model-management", "Performance of a version (rolling window)",
    {**ok({"oneOf": [PERFORMANCE, obj(["model", "version", "total_predictions", "window"], model=STR, version=STR,
                                      total_predictions=INT, total_errors=INT, window_size=INT,
                                      window={"type": "null"}, message=STR)]}), **errors(400, 404, 503)},
    params=(P_VERSION, Q_MODEL), op_id="mm_performanceVersion"))
FEATURE_DRIFT = obj(["name", "test", "statistic", "threshold", "drifted"], name=STR,
                    test={"enum": ["ks", "wasserstein", "psi", "jensenshannon"]}, statistic=NUM, threshold=NUM,
                    drifted=BOOL, ks_statistic=NUM, ks_p_value=NUM, wasserstein=NUM, wasserstein_normed=NUM, psi=NUM,
                    jensenshannon=NUM, reference_count=INT, current_count=INT)
DATA_DRIFT = obj(["features", "drifted_features", "drift_share", "dataset_drift"], features=arr(FEATURE_DRIFT),
                 prediction={"oneOf": [{"type": "null"}, FEATURE_DRIFT]}, drifted_features=INT, drift_share=NUM,
                 dataset_drift=BOOL, configuration={"type": "object"})
BASELINE_DRIFT = obj(["drift_detected", "drift_score", "threshold", "baseline_mean", "current_mean", "baseline_std",
                      "current_std", "sample_count"], drift_detected=BOOL, drift_score=NUM, threshold=NUM,
                     baseline_mean=NUM, current_mean=NUM, baseline_std=NUM, current_std=NUM, sample_count=INT)
ALERT = obj(["id", "model", "version", "kind", "event", "at", "value", "threshold"], id=INT, model=STR, version=STR,
            kind={"enum": ["performance_drift", "baseline_drift", "data_drift", "prediction_drift"]},
            event={"enum": ["raised", "cleared"]}, at=STR, value=NUM, threshold=NUM, details={"type": "object"})
DRIFT_CHECK = obj(["model", "version", "checked_at", "drift_detected", "threshold", "window_count"],
                  model=STR, version=STR, checked_at=STR, drift_detected=BOOL, drift_score=NUM, confidence=NUM,
                  threshold=NUM, indicators={"type": "object"}, indicators_unavailable=STR,
                  baseline=BASELINE_DRIFT, baseline_unavailable=STR, data_drift=DATA_DRIFT,
                  data_drift_unavailable=STR, reference={"type": "object"}, window_count=INT, data_quality=NUM)
add(MM + "/performance/{version}/check-drift", "post", op(
    "model-management", "Check a version for drift and record the alerts it raises or clears",
    {**ok({**DRIFT_CHECK, "properties": {**DRIFT_CHECK["properties"], "alerts": arr(ALERT),
                                         "raised_alerts": arr(STR)}}), **errors(400, 404, 503)},
    params=(P_VERSION, Q_MODEL),
    description="Seed 002's indicators (drift_score = mean relative change of anomaly rate, score and latency "
                "between the older and the recent half of the window, threshold monitoring.drift_threshold), seed "
                "004's baseline distance, and data drift per feature and of the score against the reference profile "
                "(package reference_sample.csv, else the captured or uploaded baseline). A part that cannot be "
                "computed is absent and *_unavailable says why. Updates the Prometheus drift gauges.",
    op_id="mm_checkDrift"))
add(MM + "/performance/{version}/report", "get", op(
    "model-management", "Performance report of a version (JSON, or text with ?format=text)",
    {**with_text(ok(obj(["model", "version", "generated_at", "window", "drift"], model=STR, version=STR,
                        generated_at=STR, window=WINDOW, last_24h={"type": ["object", "null"]},
                        hourly=arr({"type": "object"}), drift=DRIFT_CHECK, raised_alerts=arr(STR),
                        recent_alerts=arr({"type": "object"}))), "text/plain; charset=utf-8"),
     **errors(400, 404, 503)},
    params=(P_VERSION, Q_MODEL,
            {"name": "format", "in": "query", "required": False, "schema": {"enum": ["json", "text"]},
             "description": "text gives a readable report (also with Accept: text/plain)."}),
    op_id="mm_performanceReport"))
add(MM + "/performance/cleanup", "delete", op(
    "model-management", "Delete stored monitoring data older than N days (seed 000 cleanup_old_metrics)",
    {**ok(obj(["success", "days_kept", "deleted_buckets", "deleted_windows", "deleted_alerts"], success=BOOL,
              days_kept=INT, deleted_buckets=INT, deleted_windows=INT, deleted_alerts=INT, message=STR)),
     **errors(400, 503)},
    params=({"name": "days", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 0,
                                                                          "maximum": 36500},
             "description": "Days to keep (alias days_to_keep); default monitoring.metrics_retention_days."},),
    op_id="mm_performanceCleanup"))

# ---- /api/model (seed 004)
add("/api/model/versions", "get", op(
    "versioning", "The versions of the model (seed 004)",
    {**ok(obj(["versions", "count", "current_version", "production_version"],
              versions=arr(obj(["version", "created_at", "metrics", "description", "tags", "file_size", "status"],
                               version=STR, created_at=STR, metrics=OBJ, description=nullable("string"),
                               tags=arr(STR), file_size=INT, status=VERSION_STATUS)),
              count=INT, current_version=nullable("string"), production_version=nullable("string"))),
     **errors(400)}, params=(Q_MODEL,), op_id="v4_versions"))
add("/api/model/save", "post", op(
    "versioning", "Save the serving version as a new version manual-YYYYMMDD-HHMMSS (same files)",
    {**ok(obj(["success", "version", "metadata"], success={"const": True}, version=STR,
              metadata=obj(["created_at", "metrics", "file_size", "saved_from", "tags", "description"],
                           created_at=STR, metrics=OBJ, file_size=INT, saved_from=STR, tags=arr(STR),
                           description=nullable("string"))), status="201", description="Saved"),
     **errors(400, 404, 408, 409, 413, 503)},
    params=(Q_MODEL,),
    body=json_body(obj(description=STR, tags={"oneOf": [STR, arr(STR)]}), required=False),
    description="409 duplicate_version when a save happens within the same second as another.",
    op_id="v4_save"))
add("/api/model/load/{version}", "post", op(
    "versioning", "Load (deploy) a version (seed 004)",
    {**ok(obj(["success", "version", "metadata"], success={"const": True}, version=STR,
              metadata=obj(["created_at", "metrics"], created_at=STR, metrics=OBJ))),
     **errors(400, 404, 409, 422, 503)},
    params=(P_VERSION, Q_MODEL, H_ACTOR), op_id="v4_load"))
add("/api/model/promote/{version}", "post", op(
    "versioning", "Promote a version to production (seed 004)",
    {**ok(obj(["success", "production_version"], success={"const": True}, production_version=STR, forced=BOOL)),
     **errors(400, 404, 409, 422, 503)},
    params=(P_VERSION, Q_MODEL, H_ACTOR,
            {"name": "force", "in": "query", "required": False, "schema": {"type": "boolean"},
             "description": "Promote without a passing validation report (admin; needs reason)."},
            {"name": "reason", "in": "query", "required": False, "schema": STR,
             "description": "Why; recorded in the deployment history and the audit log."}),
    body={"required": False, "content": {"application/json": {"schema": obj(force=BOOL, reason=STR)}}},
    description="The version needs a passing validation report (409 validation_required otherwise) unless forced "
                "with a reason.",
    op_id="v4_promote"))

# ---- health
HEALTH_503 = {"description": "Unhealthy: nothing is loaded (same body)",
              "content": {"application/json": {"schema": ref("Health")}}}
add("/health", "get", op("health", "Health: healthy, degraded (a fallback serves) or unhealthy (nothing loaded)",
                         {**ok(ref("Health")), "503": HEALTH_503}, op_id="health"))
add("/ping", "get", op("health", "Liveness for MLflow-style clients",
                       {**ok(obj(["status"], status=STR)),
                        "503": {"description": "Unhealthy",
                                "content": {"application/json": {"schema": obj(["status"], status=STR)}}}},
                       op_id="ping"))
add("/version", "get", op("health", "Warden's version", ok(obj(["name", "version"], name={"const": "warden"},
                                                                version=STR)), op_id="version"))
add("/api/health/detailed", "get", op(
    "health", "Detailed health (seed 004)",
    {**ok(ref("HealthDetailed")), "503": {"description": "Unhealthy (same body)",
                                          "content": {"application/json": {"schema": ref("HealthDetailed")}}}},
    op_id="healthDetailed"))

# ---- V2 / Open Inference Protocol
READY_400 = {"description": "Not ready ({\"ready\": false}), or a malformed model or version name (V2Error: "
                            "invalid_model_name, invalid_version)",
             "content": {"application/json": {"schema": {"oneOf": [ref("V2Ready"), ref("V2Error")]}}}}
add("/v2", "get", op("v2", "Server metadata", ok(obj(["name", "version", "extensions"], name=STR, version=STR,
                                                     extensions=arr(STR))), op_id="v2_server"))
add("/v2/health/live", "get", op("v2", "Server live", ok(obj(["live"], live=BOOL)), op_id="v2_live"))
add("/v2/health/ready", "get", op("v2", "Server ready (some model is loaded)", {**ok(ref("V2Ready")), "400": READY_400},
                                  op_id="v2_ready"))
add("/v2/models/{name}", "get", op("v2", "Model metadata (serving version)",
                                   {**ok(ref("V2ModelMetadata")), **v2errors(400, 404, 503)}, params=(P_NAME,),
                                   op_id="v2_modelMetadata"))
add("/v2/models/{name}/versions/{version}", "get", op(
    "v2", "Model metadata of a version (loaded if needed)",
    {**ok(ref("V2ModelMetadata")), **v2errors(400, 404, 422, 503)},
    params=(P_NAME, V_VERSION), op_id="v2_versionMetadata"))
add("/v2/models/{name}/ready", "get", op("v2", "Model ready", {**ok(ref("V2Ready")), "400": READY_400},
                                         params=(P_NAME,), op_id="v2_modelReady"))
add("/v2/models/{name}/versions/{version}/ready", "get", op(
    "v2", "Model version ready (loaded)", {**ok(ref("V2Ready")), "400": READY_400},
    params=(P_NAME, V_VERSION), op_id="v2_versionReady"))
INFER_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": ref("V2InferRequest"), "example": {"inputs": [
            {"name": "input", "shape": [1, len(SAMPLE_ROW)], "datatype": "FP64",
             "data": [float(v) for v in SAMPLE_ROW.values()]}]}},
        "application/octet-stream": {
            "schema": {"type": "string", "format": "binary",
                       "description": "Binary tensor data extension: the JSON header (Inference-Header-Content-Length "
                                      "bytes) followed by the tensors' little-endian bytes."}},
    },
}
INFER_OK = {"200": {
    "description": "Inference result; binary outputs follow the JSON header (Inference-Header-Content-Length)",
    "headers": {"X-Request-Id": {"$ref": "#/components/headers/XRequestId"},
                "Inference-Header-Content-Length": {"schema": {"type": "integer"},
                                                    "description": "Present with binary outputs."}},
    "content": {"application/json": {"schema": ref("V2InferResponse")},
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}}
IHCL = {"name": "Inference-Header-Content-Length", "in": "header", "required": False, "schema": {"type": "integer",
        "minimum": 0}, "description": "Binary tensor data extension: the length of the JSON part of the body."}
add("/v2/models/{name}/infer", "post", op(
    "v2", "Infer with the serving version", {**INFER_OK, **v2errors(400, 404, 408, 413, 422, 503)},
    params=(P_NAME, IHCL), body=INFER_BODY, op_id="v2_infer",
    description="One input tensor [rows, n_features] (FP32, FP64, INT32, INT64). Outputs: scores (FP64, "
                "-score_samples), labels (INT64, 1 = anomaly), score_samples, decision_function (FP64), predict "
                "(INT64, +1/-1); scores and labels unless outputs are named."))
add("/v2/models/{name}/versions/{version}/infer", "post", op(
    "v2", "Infer with a given version (loaded if needed)", {**INFER_OK, **v2errors(400, 404, 408, 413, 422, 503)},
    params=(P_NAME, V_VERSION, IHCL), body=INFER_BODY, op_id="v2_versionInfer"))
add("/v2/repository/index", "post", op(
    "v2", "Model repository index", {**ok(arr(ref("V2RepositoryEntry"))), **v2errors(400, 408, 413)},
    body=json_body(obj(ready={"type": "boolean"}), required=False), op_id="v2_repositoryIndex"))
add("/v2/repository/models/{name}/load", "post", op(
    "v2", "Load the model's deployed version", {**ok(obj()), **v2errors(400, 404, 422, 503)}, params=(P_NAME,),
    op_id="v2_load"))
add("/v2/repository/models/{name}/unload", "post", op(
    "v2", "Unload the model (requests get 503 until load)", {**ok(obj()), **v2errors(400, 404)}, params=(P_NAME,),
    op_id="v2_unload"))

# ---- MLflow
add("/invocations", "post", op(
    "mlflow", "MLflow scoring: the model's predict (+1 inlier, -1 outlier)",
    {**ok(ref("MLflowResponse")), **errors(400, 404, 408, 413, 415, 422, 503)},
    params=(Q_MODEL,),
    body={"required": True, "content": {
        "application/json": {"schema": ref("MLflowRequest"), "example": {"dataframe_records": [SAMPLE_ROW]}},
        "text/csv": {"schema": {"type": "string",
                                "description": "A header of feature names, then one row per line."},
                     "example": ",".join(SAMPLE_ROW) + "\n" + ",".join(repr(v) for v in SAMPLE_ROW.values()) + "\n"}}},
    op_id="mlflow_invocations"))

# ---- pending capabilities at the root
add("/api/monitoring/stats", "get", op(
    "monitoring", "Seed 004's statistics of the serving version's rolling window",
    {**ok(obj(["model", "version", "total_predictions", "error_count", "error_rate", "window_size",
               "prediction_time", "confidence"],
              model=STR, version=STR, total_predictions=INT, error_count=INT, error_rate=nullable("number"),
              window_size=INT, window_count=INT, prediction_time=SUMMARY, confidence=SUMMARY,
              anomaly_rate=nullable("number"), throughput_per_second=nullable("number"), memory_bytes=INT)),
     **errors(400, 404, 503)},
    params=(Q_MODEL,),
    description="prediction_time in seconds; confidence summarises the anomaly scores.", op_id="monitoringStats"))
add("/api/monitoring/drift", "get", op(
    "monitoring", "Seed 004's drift of the serving version: score mean vs the baseline, in baseline std",
    {**ok({**BASELINE_DRIFT, "properties": {**BASELINE_DRIFT["properties"], "model": STR, "version": STR,
                                            "data_drift": {"type": "object"}}}), **errors(400, 404, 409, 503)},
    params=(Q_MODEL,),
    description="409 no_baseline until POST /api/monitoring/baseline; 409 insufficient_data when the window has "
                "fewer than monitoring.minimum_samples predictions. Threshold monitoring.baseline_drift_threshold.",
    op_id="monitoringDrift"))
add("/api/monitoring/baseline", "post", op(
    "monitoring", "Set the drift baseline: capture the current window, or upload a reference CSV",
    {**ok(obj(["success", "message", "model", "version", "source"], success=BOOL, message=STR, model=STR,
              version=STR, source={"enum": ["window", "upload", "package"]}, rows=INT, scores=INT,
              baseline_mean=nullable("number"), baseline_std=nullable("number"), captured_at=STR)),
     **errors(400, 404, 409, 413, 422, 503)},
    params=(Q_MODEL, Q_VERSION),
    body={"required": False, "content": {"text/csv": {"schema": {"type": "string"},
                                                     "example": ",".join(SAMPLE_ROW) + "\n" + ",".join(
                                                         repr(v) for v in SAMPLE_ROW.values()) + "\n"}},
          "description": "Optional: a reference CSV (header of feature names). Without it the current window "
                         "is captured."},
    op_id="monitoringBaseline"))
add("/api/monitoring/alerts", "get", op(
    "monitoring", "Drift alert history, newest first",
    {**ok(obj(["alerts", "count"], alerts=arr(ALERT), count=INT)), **errors(400, 503)},
    params=(Q_MODEL, Q_VERSION, {"name": "limit", "in": "query", "required": False,
                                 "schema": {"type": "integer", "minimum": 1, "maximum": 10000}}),
    op_id="monitoringAlerts"))
add("/metrics", "get", op(
    "monitoring", "Prometheus metrics (text exposition format 0.0.4)",
    {**ok({"type": "string", "description": "Prometheus text exposition: model_predictions_total, "
           "model_anomalies_detected_total, model_prediction_latency_seconds (histogram), "
           "model_prediction_errors_total, model_feature_drift, model_prediction_drift, model_dataset_drift_share, "
           "model_data_quality, model_memory_bytes (labels model, version), warden_http_requests_total and "
           "warden_http_request_duration_seconds (labels method, route, status)."},
          content_type="text/plain"),
     "503": {"description": "metrics_disabled: monitoring.enabled is false.",
             "headers": {"X-Request-Id": {"$ref": "#/components/headers/XRequestId"}},
             "content": {"application/json": {"schema": ref("Error")}}}},
    description="Scraped by Prometheus (deploy/prometheus/prometheus.yml; alert rules in "
                "deploy/prometheus/warden-alerts.yml; docs/PROMETHEUS.md). Content-Type "
                "text/plain; version=0.0.4. 503 metrics_disabled when monitoring.enabled is false.",
    op_id="metrics"))
MODE_ENUM = {"enum": ["inference", "training", "maintenance"]}
add("/api/mode", "get", op(
    "security", "The serving mode (seed 004) and what it allows",
    {**ok(obj(["mode", "since", "allows"], mode=MODE_ENUM, since=STR, allows={"type": "object"}))},
    description="inference: predictions, reads, lifecycle (deploy, rollback, ...); training: imports, saves, "
                "baselines, lifecycle, reads; maintenance: cleanup, reads. Keys, modes and audit in every mode.",
    op_id="getMode"))
add("/api/mode/{mode}", "post", op(
    "security", "Switch the serving mode (admin); entering inference reloads the production models",
    {**ok(obj(["success", "mode", "previous", "changed"], success=BOOL, mode=MODE_ENUM, previous=MODE_ENUM,
              changed=BOOL)), **errors(400)},
    params=(dict(path_param("mode", "inference, training or maintenance."), example="inference"),),
    op_id="setMode"))
add("/api/auth/token", "post", op(
    "security", "Exchange the request's API key for a signed token (JWT, HS256)",
    {**ok(obj(["token", "token_type", "expires_in", "expires_at", "role"], token=STR, token_type={"const": "Bearer"},
              expires_in=INT, expires_at=STR, role={"enum": ["viewer", "operator", "admin"]},
              models={"type": ["array", "null"], "items": STR})), **errors(400, 503)},
    body={"required": False, "content": {"application/json": {"schema": obj(
        expires_in={"type": "number", "minimum": 1, "maximum": 604800},
        role={"enum": ["viewer", "operator", "admin"]}, user_id=STR)}},
          "description": "Optional: a shorter lifetime (seconds, at most security.token_expiry_hours) or a lower role. "
                         "Seed 004's {user_id, role} body is accepted; user_id is ignored (the key decides who)."},
    description="Needs X-API-Key (a token cannot renew itself). The token carries the key's id, name, role (or the "
                "lower one asked for) and model scope; it stops working when the key is revoked or rotated.",
    op_id="authToken"))
KEY = obj(["id", "name", "role", "active"], id=STR, name=STR, role={"enum": ["viewer", "operator", "admin"]},
          models={"type": ["array", "null"], "items": STR}, created_at=STR, created_by=STR,
          rotated_at={"type": ["string", "null"]}, revoked_at={"type": ["string", "null"]}, active=BOOL)
add("/api/keys", "get", op("security", "API keys (admin); never their secrets",
                            {**ok(obj(["keys", "count"], keys=arr(KEY), count=INT)), **errors(503)}, op_id="listKeys"))
add("/api/keys", "post", op(
    "security", "Create an API key (admin); the key is in the response once",
    {**ok({**KEY, "properties": {**KEY["properties"], "key": STR, "message": STR}}, status="201"),
     **errors(400, 409, 503)},
    body=json_body(obj(["name", "role"], name=STR, role={"enum": ["viewer", "operator", "admin"]},
                       models={"type": ["array", "null"], "items": STR}),
                   example={"name": "ingest", "role": "operator"}),
    op_id="createKey"))
add("/api/keys/{id}/rotate", "post", op(
    "security", "Rotate an API key (admin): a new secret, same id and role; the old secret and its tokens stop",
    {**ok({**KEY, "properties": {**KEY["properties"], "key": STR}}), **errors(404, 409, 503)},
    params=(path_param("id", "The key id."),), op_id="rotateKey"))
add("/api/keys/{id}", "delete", op(
    "security", "Revoke an API key (admin), effective at once",
    {**ok(KEY), **errors(404, 409, 503)}, params=(path_param("id", "The key id."),), op_id="revokeKey"))
add("/api/audit", "get", op(
    "security", "The audit log (admin), newest first: every change with actor, time, target, before/after, outcome",
    {**ok(obj(["entries", "count"], entries=arr(obj(
        ["id", "at", "actor", "action", "target", "outcome"], id=INT, at=STR, actor=STR, action=STR, target=STR,
        before={"type": ["string", "null"]}, after={"type": ["string", "null"]},
        outcome={"enum": ["success", "denied", "failed"]}, details=STR)), count=INT)), **errors(400, 503)},
    params=({"name": "since", "in": "query", "required": False, "schema": {"type": "string", "format": "date-time"}},
            {"name": "action", "in": "query", "required": False, "schema": STR},
            {"name": "actor", "in": "query", "required": False, "schema": STR},
            {"name": "limit", "in": "query", "required": False,
             "schema": {"type": "integer", "minimum": 1, "maximum": 10000}}),
    op_id="audit"))
# ---- agents, anomalies, log ingestion (seed 000 §1-7; docs/AGENTS.md)
P_AGENT = dict(path_param("agent", "The agent's id (the configuration's agents: list)."), example="wifi-campus")
P_ANOMALY = dict(path_param("id", "The anomaly's id."), schema={"type": "integer", "minimum": 1}, example=1)
Q_TIME = lambda name, what: {"name": name, "in": "query", "required": False, "description": what,
                             "schema": {"type": "string", "format": "date-time"}}
AGENT_STATUS = obj(["id", "type", "is_running", "state", "source", "model", "paired_version"],
                   id=STR, type=STR, is_running={"type": "boolean"}, state=STR, source=STR, model=STR,
                   paired_version=STR)
add("/api/v1/agents", "get", op(
    "agents", "Every agent with its status (seed 000 §4): running, last run and error, model, checkpoint, lag",
    {**ok(obj(["agents", "count"], agents=arr(AGENT_STATUS), count=INT))}, op_id="listAgents"))
add("/api/v1/agents/{agent}", "get", op(
    "agents", "One agent's status", {**ok(AGENT_STATUS), **errors(404)}, params=(P_AGENT,), op_id="agentStatus"))
for verb in ("start", "stop"):
    add(f"/api/v1/agents/{{agent}}/{verb}", "post", op(
        "agents", f"{verb.capitalize()} an agent (admin); its checkpoint is kept", {**ok(AGENT_STATUS), **errors(404)},
        params=(P_AGENT,), op_id=f"agent_{verb}"))
add("/api/v1/agents/{agent}/set-model", "post", op(
    "agents", "Pair an agent with a model version (seed 000 \u00a72): checked, stored, effective at its next window",
    {**ok(obj(["success", "agent", "model", "version"], success={"const": True}, agent=STR, model=STR, version=STR,
              shadow_version={"type": ["string", "null"]}, paired_at=STR, message=STR)),
     **errors(400, 404, 409, 422, 503)},
    params=(P_AGENT,),
    body=json_body(obj([], model=STR, version=STR, shadow_version=STR, reason=STR), required=False,
                   example={"version": "production"}),
    description="version production (or serving) follows the model's serving version; a version the agent cannot "
                "feed (it needs features the agent does not extract) is 409 naming them.",
    op_id="agentSetModel"))
add("/api/v1/agents/{agent}/models", "get", op(
    "agents", "The versions an agent may be paired with, each compatible or not (with the reason)",
    {**ok(obj(["options"], options=arr(obj(["model", "version", "compatible"], model=STR, version=STR,
                                           compatible={"type": "boolean"})))), **errors(404)},
    params=(P_AGENT,), op_id="agentModels"))
add("/api/v1/agents/{agent}/history", "get", op(
    "agents", "An agent's pairings, oldest first", {**ok(obj(["pairings"], pairings=arr(OBJ))), **errors(404)},
    params=(P_AGENT,), op_id="agentHistory"))
add("/api/v1/agents/{agent}/shadow-report", "get", op(
    "agents", "The shadow version's verdicts beside the primary's on the same windows",
    {**ok(obj(["agent", "compared"], agent=STR, compared=INT, agreement={"type": ["number", "null"]})),
     **errors(400, 404)},
    params=(P_AGENT, Q_TIME("from", "Windows starting at or after."), Q_TIME("to", "Windows starting before.")),
    op_id="agentShadowReport"))
EVIDENCE = dict(
    obj(["model", "signature", "deviation", "persistence", "confirmed"],
        model=obj(["flagged", "margin", "percentile", "strong"], flagged={"type": "boolean"}, margin={"type": "number"},
                  percentile=nullable("number"), strong={"type": "boolean"}),
        signature={"oneOf": [{"type": "null"}, obj(["rule", "intensity", "strong"], rule=STR,
                                                   intensity={"type": "number"}, strong={"type": "boolean"})]},
        deviation=obj(["features", "broad", "max_abs_z"], features=INT, broad={"type": "boolean"},
                      max_abs_z={"type": "number"}),
        persistence=obj(["windows", "persistent"], windows=INT, persistent={"type": "boolean"}),
        confirmed={"type": "boolean"}),
    description="Why the severity (docs/AGENTS.md, 'Severity'): the model's margin and calibrated percentile among "
                "its training windows, the confirming signature rule, the deviating features, and the AP's run of "
                "consecutive anomalous windows. high and critical need a signature (confirmed).")
ANOMALY = obj(["id", "agent", "entity", "window_start", "type", "severity", "status"], id=INT, agent=STR,
              entity=STR, window_start=STR, type=STR, severity={"enum": ["low", "medium", "high", "critical"]},
              status={"enum": ["open", "acknowledged", "resolved", "false_positive"]},
              confidence={"type": "number"}, evidence=EVIDENCE)
add("/api/v1/anomalies", "get", op(
    "agents", "The agents' anomalies, newest window first; filters and pages",
    {**ok(obj(["anomalies", "count", "total"], anomalies=arr(ANOMALY), count=INT, total=INT, offset=INT)),
     **errors(400)},
    params=tuple({"name": n, "in": "query", "required": False, "schema": STR}
                 for n in ("agent", "ap", "entity", "type", "severity", "status"))
    + (Q_TIME("from", "Windows starting at or after."), Q_TIME("to", "Windows starting before."),
       {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1, "maximum": 1000}},
       {"name": "offset", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 0}}),
    op_id="listAnomalies"))
add("/api/v1/anomalies/{id}", "get", op(
    "agents", "One anomaly", {**ok(ANOMALY), **errors(400, 404)}, params=(P_ANOMALY,), op_id="anomaly"))
add("/api/v1/anomalies/{id}/status", "post", op(
    "agents", "Move an anomaly: acknowledged, resolved or false_positive (recorded with who and when)",
    {**ok(ANOMALY), **errors(400, 404, 409)}, params=(P_ANOMALY,),
    body=json_body(obj(["status"], status={"enum": ["acknowledged", "resolved", "false_positive"]}, note=STR),
                   example={"status": "acknowledged"}),
    op_id="anomalyStatus"))
P_INCIDENT = dict(path_param("id", "The incident's id."), schema={"type": "integer", "minimum": 1}, example=1)
INCIDENT = obj(["id", "agent", "ap", "type", "model", "status", "start", "end", "peak_severity", "window_count",
                "anomaly_ids", "opened_at", "updated_at"],
               id=INT, agent=STR, ap=STR, type=STR, model=STR, status={"enum": ["open", "closed"]}, start=STR, end=STR,
               peak_severity={"enum": ["low", "medium", "high", "critical"]}, window_count=INT,
               anomaly_ids=arr(INT), opened_at=STR, updated_at=STR)
add("/api/v1/incidents", "get", op(
    "agents", "Incidents: consecutive anomalous windows of one access point and type, newest first; filters and pages",
    {**ok(obj(["incidents", "count", "total"], incidents=arr(INCIDENT), count=INT, total=INT, offset=INT)),
     **errors(400)},
    params=tuple({"name": n, "in": "query", "required": False, "schema": STR} for n in ("agent", "ap", "type"))
    + ({"name": "severity", "in": "query", "required": False, "description": "The minimum peak severity.",
        "schema": {"enum": ["low", "medium", "high", "critical"]}},
       {"name": "status", "in": "query", "required": False, "schema": {"enum": ["open", "closed"]}},
       Q_TIME("from", "Incidents ending after."), Q_TIME("to", "Incidents starting before."),
       {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1, "maximum": 1000}},
       {"name": "offset", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 0}}),
    description="An anomalous window joins the latest incident of its agent, access point, type and model when it "
                "starts at most one window after the incident's end; an incident closes once the agent has committed "
                "a window past that gap. A key scoped to models sees only its models' incidents.",
    op_id="listIncidents"))
add("/api/v1/incidents/{id}", "get", op(
    "agents", "One incident with its anomalies",
    {**ok(dict(INCIDENT, properties=dict(INCIDENT["properties"], anomalies=arr(ANOMALY)))), **errors(400, 404)},
    params=(P_INCIDENT,), op_id="incident"))
add("/api/v1/logs", "post", op(
    "agents", "Ingest log events into the embedded source (a JSON array, JSON lines or CSV with a header)",
    {**ok(obj(["received", "accepted", "malformed"], received=INT, accepted=INT, malformed=INT, errors=arr(STR)),
          status="202"),
     **ok(obj(["received", "accepted", "malformed"], received=INT, accepted=INT, malformed=INT, errors=arr(STR))),
     **errors(400, 413)},
    body={"required": True, "content": {
        "application/json": {"schema": {"type": "array", "items": OBJ},
                             "example": [{"ts": "2026-01-06T07:30:00Z", "ap": "ap-02", "event_type": "deauth",
                                          "client_mac": "aa:bb:cc:00:11:22"}]},
        "application/x-ndjson": {"schema": STR}, "text/csv": {"schema": STR}}},
    op_id="ingestLogs"))

# ---- MCP (Sources/ModelServer/Routes+MCP.swift, Sources/MCPServer; docs/MCP.md)
SCHEMAS["JSONRPCError"] = obj(
    ["jsonrpc", "id", "error"], jsonrpc={"const": "2.0"}, id={"type": ["string", "integer", "null"]},
    error=obj(["code", "message"], code=INT,
              message={"type": "string", "description": "For Warden's errors: '<code>: <message>'."},
              data={"description": "Warden's errors: {code, message, details}."}),
)
SCHEMAS["JSONRPCResponse"] = obj(
    ["jsonrpc", "id"], jsonrpc={"const": "2.0"}, id={"type": ["string", "integer", "null"]},
    result={"type": "object"}, error=OBJ,
)


def mcp_error(description):
    return {"description": description, "headers": {"X-Request-Id": {"$ref": "#/components/headers/XRequestId"}},
            "content": {"application/json": {"schema": ref("JSONRPCError")}}}


MCP_ERRORS = {
    "400": mcp_error("Not JSON (-32700), not a JSON-RPC message (-32600), or an unsupported MCP-Protocol-Version."),
    "401": mcp_error("No credential, or one that proves nothing; data.code is unauthenticated, invalid_key, "
                     "invalid_token or expired_token (WWW-Authenticate is set)."),
    "403": mcp_error("An Origin that is neither the server's own host nor in server.mcp_allowed_origins."),
    "406": mcp_error("Accept does not include application/json."),
    "408": mcp_error("The body did not arrive in time (request_timeout)."),
    "413": mcp_error("Body over --max-body-bytes (body_too_large)."),
    "415": mcp_error("Content-Type is not application/json."),
    "421": mcp_error("A server on loopback was addressed by a Host that is not a loopback name (DNS rebinding)."),
    "429": mcp_error("Rate limited (rate_limited; Retry-After is set)."),
}
add("/mcp", "post", op(
    "mcp", "Model Context Protocol (Streamable HTTP, stateless): JSON-RPC messages in, one JSON response out",
    {**ok({"oneOf": [ref("JSONRPCResponse"), arr(ref("JSONRPCResponse"))]},
          description="The JSON-RPC response (an array for a batch). Tool failures are results with isError: true "
                      "whose structuredContent.error carries Warden's code."),
     "202": {"description": "A notification (or response): accepted, no body.",
             "headers": {"X-Request-Id": {"$ref": "#/components/headers/XRequestId"}}},
     **MCP_ERRORS},
    body=json_body(
        {"oneOf": [obj(["jsonrpc", "method"], jsonrpc={"const": "2.0"}, id={"type": ["string", "integer"]},
                       method=STR, params=OBJ),
                   {"type": "array", "items": OBJ}]},
        example={"jsonrpc": "2.0", "id": 1, "method": "tools/list"}),
    description="Any role may connect; each tool call, resource read and prompt is authorized against its own "
                "operation (docs/MCP.md lists them). Clients must send Accept: application/json (and may add "
                "text/event-stream) and Content-Type: application/json. No session id is issued: any replica "
                "answers any request.",
    op_id="mcp"))
add("/mcp", "get", op(
    "mcp", "Not supported: the endpoint is stateless and opens no event stream (405, Allow: POST)",
    {"405": mcp_error("Always: POST JSON-RPC messages instead."),
     **{k: v for k, v in MCP_ERRORS.items() if k in ("401", "429")}},
    op_id="mcpStream"))

add("/openapi.json", "get", op("meta", "This document", ok(OBJ), op_id="openapi"))

# ---- access: every operation needs X-API-Key or a Bearer token except these (Sources/ModelServer/EndpointAccess.swift
# is the table; a Swift test checks it lists exactly these operations).
PUBLIC = {("get", "/health"), ("get", "/ping"), ("get", "/version"), ("get", "/v2"), ("get", "/v2/health/live"),
          ("get", "/v2/health/ready"), ("get", "/openapi.json")}
for _path, _ops in PATHS.items():
    for _method, _op in _ops.items():
        if "requestBody" in _op:
            # Every body is read as UTF-8: another declared charset is 415 unsupported_charset.
            _op["responses"].setdefault("415", (v2errors if _path.startswith("/v2") else errors)(415)["415"])
        if (_method, _path) in PUBLIC:
            _op["security"] = []
        else:
            _errs = v2errors if _path.startswith("/v2") else errors
            for _code in (401, 403, 429):
                if _path == "/mcp":
                    _op["responses"].setdefault(str(_code), MCP_ERRORS[str(_code)])
                else:
                    _op["responses"].setdefault(str(_code), _errs(_code)[str(_code)])
        if _method != "get" and (_method, _path) not in PUBLIC and _path != "/mcp":
            # A change the serving mode may forbid (mode_forbids: 409; 503 for predictions).
            _errs = v2errors if _path.startswith("/v2") else errors
            for _code in (409, 503):
                _op["responses"].setdefault(str(_code), _errs(_code)[str(_code)])

DOC = {
    "openapi": "3.1.0",
    "info": {
        "title": "Warden",
        "version": "0.1.0",
        "summary": "Model registry and inference server for scikit-learn anomaly models.",
        "description": "Every error is `{\"error\": {\"code\", \"message\", \"details\"}}` with the status listed. "
                       "Every response carries X-Request-Id (the client's, when it sent a sane one). Unknown routes "
                       "answer 404 route_not_found, wrong methods 405 method_not_allowed. Operations marked "
                       "x-warden-status: pending answer 501 not_implemented until their capability lands.",
    },
    "servers": [{"url": "http://127.0.0.1:8080"}],
    "tags": [{"name": t} for t in ("prediction", "models", "model-management", "training-service", "versioning",
                                   "health", "v2", "mlflow", "monitoring", "security", "mcp", "agents", "meta")],
    "paths": PATHS,
    "components": {
        "schemas": SCHEMAS,
        "responses": {f"E{c}": {"description": d, "headers": {"X-Request-Id": {"$ref": "#/components/headers/XRequestId"}},
                                "content": {"application/json": {"schema": ref("Error")}}}
                      for c, d in ERROR_TEXT.items()}
        | {f"V2E{c}": {"description": d, "headers": {"X-Request-Id": {"$ref": "#/components/headers/XRequestId"}},
                       "content": {"application/json": {"schema": ref("V2Error")}}}
           for c, d in ERROR_TEXT.items()},
        "parameters": {
            "model": {"name": "model", "in": "query", "required": False, "schema": {"type": "string"},
                      "example": "wifi-anomaly",
                      "description": "The model (default: the configured model, or the only one)."},
            "version": {"name": "version", "in": "query", "required": False, "schema": {"type": "string"},
                        "example": "20241201_143022",
                        "description": "Score with this version instead of the serving one (loaded if needed)."},
            "actor": {"name": "X-Actor", "in": "header", "required": False, "schema": {"type": "string"},
                      "description": "Who performs the command, recorded in the deployment history (default api)."},
        },
        "headers": {"XRequestId": {"description": "The request id, also on every log line of the request.",
                                   "schema": {"type": "string"}}},
        "securitySchemes": {
            "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key",
                       "description": "An API key from `warden keys create` or POST /api/keys: wdn_<id>_<secret>."},
            "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                       "description": "A token from POST /api/auth/token, or an API key."},
        },
    },
    "security": [{"apiKey": []}, {"bearer": []}],
}


def render():
    return json.dumps(DOC, indent=2, ensure_ascii=False) + "\n"


SECTIONS = [
    ("Prediction (seed 003)", "prediction"), ("Models (seed 000, `/api/v1/models`)", "models"),
    ("Model management (seed 000/002, `/api/v1/model-management`)", "model-management"),
    ("Training service (seed 002)", "training-service"), ("Versioning (seed 004, `/api/model`)", "versioning"),
    ("Health", "health"), ("Open Inference Protocol (V2)", "v2"), ("MLflow scoring", "mlflow"),
    ("Monitoring", "monitoring"), ("Security and modes", "security"),
    ("Model Context Protocol ([docs/MCP.md](MCP.md))", "mcp"), ("Agents (pending)", "agents"),
    ("The document", "meta"),
]


def docs_prose():
    return """# Warden HTTP API

`warden serve` answers the endpoints below. The machine-readable reference is the OpenAPI 3.1 document
[`Sources/ModelServer/openapi.json`](../Sources/ModelServer/openapi.json), served at `GET /openapi.json`. This file
and that one are written together by `python3 python/openapi/build.py` (do not edit either by hand);
`scripts/test-http` checks both are current, validates the document with openapi-spec-validator, checks it names
exactly the routes the server registers, fuzzes the server against it with schemathesis and runs the protocol
tests with the real clients.

## Conventions

* **Errors** have one shape everywhere, `{"error": {"code": "...", "message": "...", "details": {...}}}`
  (`details` omitted when empty), with the status of the table below. Unknown routes answer
  `404 route_not_found`; a known route with another method `405 method_not_allowed`.
* **Request id**: every response has `X-Request-Id` (the client's own when it sent a sane one: 1–128 visible ASCII
  characters); it is on every log line of the request.
* **Which model**: `?model=NAME` picks the model; default: the configured `model.name`, else the only model
  served, else the only model in the registry, counting only the models the caller's key may act on (several and
  none named: `400 model_required`, `details.models` listing them). Version path parameters are version names of
  that model. A version or model name no stored one could have (`..`, a character outside `[A-Za-z0-9._+-]`, over
  128 characters; in the path, `?version=`, `?model=` or the body) is `400 invalid_version` /
  `invalid_model_name`; a well-formed name that does not exist is 404.
* **Scope**: a key limited to some models sees only those in every listing (models, V2 repository index,
  performance, alerts, health details, `/metrics` series) and may not use the operations that act on every model
  (keys, audit, modes, cleanup, imports and the training service: `403 model_out_of_scope`).
* **Who**: lifecycle commands record `X-Actor` (default `api`) and an optional body `{"reason": "..."}` in the
  deployment history.
* **Limits**: a body over `--max-body-bytes` (16 MiB), declared by Content-Length or found while reading a chunked
  body, is `413 body_too_large`; more rows than the version's `inference_config.batch_size` (else `--max-rows`,
  10,000) is `413 too_many_rows`; a body that has not arrived within `inference_config.timeout_seconds` (else 30 s)
  is `408 request_timeout`. Each names its limit in details. Bad chunked framing is `400 malformed_request`.
* **Connections**: the request line and headers must arrive within `server.header_timeout` (10 s; else `408
  request_timeout` and the connection closes); a client address may hold `server.max_connections_per_client` (64)
  connections (else `503 too_many_connections`); an HTTP/1.0 request without keep-alive, or `Connection: close`,
  is answered and the connection closed. Liveness and readiness (`/health`, `/ping`, `/version`, `/v2`,
  `/v2/health/*`, `/openapi.json`) are never rate limited; failed authentications count against the client
  address's bucket (401, then 429).
* **Pending** endpoints belong to a later capability and answer `501 not_implemented` naming it in
  `details.capability`; they never return fake data.

| status | when |
|---|---|
""" + "".join(f"| {c} | {t} |\n" for c, t in ERROR_TEXT.items()) + """
## Predictions

`POST /predict` takes `{"features": [{feature: value, ...}, ...]}` (or rows as arrays in training column order) and
answers seed 003's `{"predictions": [0|1, ...], "scores": [...], "threshold": t, "anomaly_count": n,
"total_samples": m, "model": name, "model_version": v}`:

* `scores` are anomaly scores, `-score_samples` (in (0, 1] for IsolationForest), equal to scikit-learn's;
  `threshold` is the package's `inference_config.threshold`, else the model's own `-offset_`; a row is an anomaly
  (1) when its score is above the threshold (with the model's own threshold, exactly scikit-learn's `predict`).
* `"outputs": [...]` adds raw scikit-learn outputs: `score_samples`, `decision_function`, `predict` (+1/−1) and
  `predict_proba` → `probabilities`, `[P(normal), P(anomaly)]` per row (IsolationForest only, else
  `422 unsupported_output`): with score s and threshold t, `P(anomaly) = s/(2t)` for s ≤ t and
  `1/2 + (s−t)/(2(1−t))` above, so `P(anomaly) > 1/2` exactly when the row is predicted an anomaly.
* Missing features: `422 missing_features` naming every missing feature of every row
  (`details.missing = [{"row": r, "features": [...]}]`), unless `"missing_features": "zero"` (per request, or
  `--missing-features zero`) scores them as 0.0 as seed 003's ModelInference does.
* Unknown extra features are ignored and named in `warnings`. Non-numbers, and NaN (`null`, `"NaN"`) or
  infinities (`"Infinity"`, `"-Infinity"`) where the estimator cannot take them, are `422 invalid_features` naming
  each row and feature (`details.invalid`): IsolationForest from scikit-learn 1.6 on scores NaN (its trees route
  missing values, as scikit-learn's do), and its scalers pass NaN through; LocalOutlierFactor, OneClassSVM,
  EllipticEnvelope (and IsolationForest pickled by an older scikit-learn) refuse NaN; infinities are refused by
  every scaler and by every estimator but IsolationForest ≥ 1.6.
* Bodies are UTF-8: `Content-Type: ...; charset=` anything else (`utf-16`, `latin1`) is `415 unsupported_charset`.
* `?version=V` (or `"version"` in the body) scores with another version of the model, loaded if needed.

`/api/predict` is the same; `/api/v1/models/analyze` also takes a bare array of rows (raw log entries arrive with
the agents).

## Open Inference Protocol (V2)

KServe V2 / Triton HTTP with the `binary_tensor_data` and `model_repository` extensions. The input is one tensor
of shape `[rows, n_features]`, FP64 or FP32 (INT64/INT32 also read), as JSON data (flat or nested) or binary
(`Inference-Header-Content-Length`). INT64/INT32 JSON data must be whole numbers within the type (2^64 is no
INT64; `400 invalid_tensor_data` names the value's index and says to send FP64). Outputs: `scores` (FP64,
−score_samples) and `labels` (INT64, 1 = anomaly) by default; on request also `score_samples`, `decision_function` (FP64) and `predict` (INT64, ±1), each JSON or binary
(`parameters.binary_data`, or `binary_data_output` for all). Not ready answers `400 {"ready": false}`. Tested with
`tritonclient[http]`.

## MLflow scoring

`POST /invocations` takes `application/json` with exactly one of `dataframe_split` (`{columns, data}`, optional
`index` with one label per row, as pandas requires; else `400 invalid_request`), `dataframe_records` (`[{...}]`), `instances` or `inputs` (a list of rows, or a columnar
`{feature: [values]}`), or `text/csv` with a header; any other content type is `415 unsupported_media_type`. It
answers `{"predictions": [...]}` with the model's own `predict` (+1 inlier, −1 outlier), as MLflow's sklearn flavour
serves it, and `X-Model-Version`. `/ping`, `/health` and `/version` are there too.

## Model Context Protocol

`POST /mcp` speaks MCP's Streamable HTTP transport, stateless: each POST carries a JSON-RPC message (or a batch)
and gets one `application/json` response (`202` for notifications); no session id is issued, so replicas behind a
load balancer can answer any request. It takes the same API keys and tokens as every endpoint; each tool call is
then authorized against its own operation, exactly as the equivalent endpoint (a viewer's `deploy_version` is
refused and audited as `POST .../deploy` is). Errors at the HTTP level are JSON-RPC error bodies. Tools,
resources, prompts, schemas and who may call what: [docs/MCP.md](MCP.md).

## Endpoints

`status` is *implemented*, or *pending* with the capability that will implement it.
"""


def render_docs():
    out = [docs_prose()]
    for title, tag in SECTIONS:
        rows = []
        for path, ops in PATHS.items():
            for method, o in ops.items():
                if o["tags"][0] != tag:
                    continue
                codes = ", ".join(sorted(o["responses"]))
                status = o["x-warden-status"]
                rows.append(f"| `{method.upper()}` | `{path}` | {o['summary']} | {codes} | {status} |")
        out.append(f"\n### {title}\n\n| method | path | purpose | statuses | status |\n|---|---|---|---|---|\n")
        out.append("\n".join(rows) + "\n")
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 when a committed file differs")
    args = ap.parse_args()
    outputs = {OUT: render(), DOCS: render_docs()}
    if args.check:
        stale = [str(p.relative_to(ROOT)) for p, text in outputs.items() if not p.exists() or p.read_text() != text]
        if stale:
            print(f"out of date: {', '.join(stale)}; run python3 python/openapi/build.py", file=sys.stderr)
            sys.exit(1)
        print(f"openapi.json and docs/API.md: up to date ({len(PATHS)} paths)")
        return
    for p, text in outputs.items():
        p.write_text(text)
    print(f"wrote {OUT.relative_to(ROOT)} and {DOCS.relative_to(ROOT)} "
          f"({len(PATHS)} paths, {sum(len(v) for v in PATHS.values())} operations)")


if __name__ == "__main__":
    main()
