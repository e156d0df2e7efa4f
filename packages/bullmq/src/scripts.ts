import type { Cluster, Redis } from 'ioredis';

/**
 * The run's bookkeeping, each step one atomic script so that two enqueuers, or a worker that dies and the one
 * that takes its job over, never count an order twice. An order's field in the `orders` hash holds
 * `<index>|<token of the enqueue call that added it>` until it finishes, then `d<index>`.
 */
const recordOrders = `
local enqueued = redis.call('HGET', KEYS[1], 'enqueued') == '1'
local token = ARGV[1]
local total = tonumber(redis.call('HGET', KEYS[1], 'total') or '0')
local added = {}
local out = {}
for i = 2, #ARGV, 2 do
  local provider, field = ARGV[i], ARGV[i + 1]
  if redis.call('HSETNX', KEYS[2], field, total .. '|' .. token) == 1 then
    out[#out + 1] = 0
    out[#out + 1] = total
    total = total + 1
    added[provider] = (added[provider] or 0) + 1
  else
    local known = redis.call('HGET', KEYS[2], field)
    local bar = string.find(known, '|', 1, true)
    if bar == nil or enqueued or string.sub(known, bar + 1) == token then
      out[#out + 1] = 2
      out[#out + 1] = -1
    else
      out[#out + 1] = 1
      out[#out + 1] = tonumber(string.sub(known, 1, bar - 1))
    end
  end
end
redis.call('HSET', KEYS[1], 'total', total)
for provider, count in pairs(added) do redis.call('HINCRBY', KEYS[1], 'total|' .. provider, count) end
return out
`;

// One stream entry per call: a JSON array of the orders it finished, so that a group commit of many jobs
// costs Redis one XADD and the stream one entry.
const finishOrders = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local written = {}
local counts = {}
for i = 1, #ARGV, 3 do
  local known = redis.call('HGET', KEYS[2], ARGV[i])
  if known and string.sub(known, 1, 1) ~= 'd' then
    local bar = string.find(known, '|', 1, true)
    redis.call('HSET', KEYS[2], ARGV[i], 'd' .. (bar and string.sub(known, 1, bar - 1) or known))
    written[#written + 1] = ARGV[i + 2]
    counts[ARGV[i + 1]] = (counts[ARGV[i + 1]] or 0) + 1
  end
end
if #written == 0 then return 0 end
redis.call('XADD', KEYS[3], '*', 'e', '[' .. table.concat(written, ',') .. ']')
redis.call('HINCRBY', KEYS[1], 'finished', #written)
for field, count in pairs(counts) do redis.call('HINCRBY', KEYS[1], field, count) end
return #written
`;

const endEnqueue = `
redis.call('HSET', KEYS[1], 'enqueued', '1')
if redis.call('HGET', KEYS[1], 'enqueuing') == ARGV[1] then redis.call('HDEL', KEYS[1], 'enqueuing') end
return 1
`;

export interface RunScripts {
  /** Per order: 0 new, 1 known from an unfinished earlier enqueue (add its job again), 2 skip; then its index. */
  recordOrders(meta: string, orders: string, token: string, ...providerAndField: string[]): Promise<number[]>;
  /** Per order: field, count field, entry JSON. Returns how many were new; -1 when the run was removed. */
  finishOrders(meta: string, orders: string, results: string, ...fieldCountEntry: string[]): Promise<number>;
  endEnqueue(meta: string, token: string): Promise<number>;
}

export function withScripts(client: Redis | Cluster): Redis & RunScripts {
  client.defineCommand('recordOrders', { numberOfKeys: 2, lua: recordOrders });
  client.defineCommand('finishOrders', { numberOfKeys: 3, lua: finishOrders });
  client.defineCommand('endEnqueue', { numberOfKeys: 1, lua: endEnqueue });
  return client as Redis & RunScripts;
}
