-- wrk script: POST the JSON body read from the file named after `--`, then print one machine-readable summary line.
--   wrk -t2 -c16 -d15s --latency -s post.lua http://127.0.0.1:PORT/predict -- body.json
local req

function init(args)
    local f = assert(io.open(args[1], "rb"))
    local body = f:read("*a")
    f:close()
    -- wrk.format takes the given headers instead of wrk.headers: merge in those of -H (e.g. X-API-Key).
    local headers = {}
    for name, value in pairs(wrk.headers) do headers[name] = value end
    headers["Content-Type"] = "application/json"
    req = wrk.format("POST", nil, headers, body)
end

function request()
    return req
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "errors": {"connect": %d, "read": %d, '
            .. '"write": %d, "status": %d, "timeout": %d}, "latency_us": {"mean": %.1f, "stdev": %.1f, '
            .. '"min": %d, "max": %d, "p50": %d, "p90": %d, "p99": %d, "p999": %d}}\n',
        summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
        latency.mean, latency.stdev, latency.min, latency.max, latency:percentile(50), latency:percentile(90),
        latency:percentile(99), latency:percentile(99.9)))
end
