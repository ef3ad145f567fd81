-- Every request a fresh Idempotency-Key and a paid-externally invoice (benchmarks/front-door.sh).
local counter = 0
local prefix = ""
local body = '{"patientId":101,"currency":"usd","lineItems":[{"description":"Consultation","unitAmount":5000,"quantity":1}],'
  .. '"paidExternally":{"method":"CASH","reference":"wrk","paidAt":"2026-01-01T10:00:00Z"}}'

function setup(thread)
  thread:set("id", tostring(math.random(1, 1e9)))
end

-- TOKENS names a file of "iat token" lines (tokens.py): each request uses the one issued closest
-- to now: gateways before the iat fix refuse a token more than a minute from its iat.
local tokens = {}
local current = 0

function init(args)
  prefix = "fd-" .. id .. "-" .. tostring(os.time()) .. "-"
  wrk.headers["Content-Type"] = "application/json"
  for line in io.lines(os.getenv("TOKENS")) do
    local iat, token = line:match("(%d+) (%S+)")
    tokens[#tokens + 1] = { tonumber(iat), token }
  end
end

local function authorize()
  local now = os.time()
  if current == 0 or math.abs(tokens[current][1] - now) > 30 then
    for i, entry in ipairs(tokens) do
      if math.abs(entry[1] - now) <= 30 then
        current = i
        break
      end
    end
    wrk.headers["Authorization"] = "Bearer " .. tokens[current][2]
  end
end

function request()
  authorize()
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = prefix .. counter
  return wrk.format("POST", "/v1/invoices", nil, body)
end

function done(summary, latency, requests)
  io.write(string.format("p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
end
