// Folds a dotnet-trace sampled thread-time trace of the API (converted to speedscope) into shares by component
// of the write path, leaving out time threads spent waiting (stacks through a blocking frame).
//   dotnet-trace collect -p <api pid> --profile dotnet-sampled-thread-time --duration 00:00:00:10 -o api.nettrace
//   dotnet-trace convert --format speedscope api.nettrace -o api      (writes api.speedscope.json)
//   node scripts/profile-components.js api.speedscope.json [WHY="component name": its deepest API frames]
// A sample goes to the first rule matched walking from the leaf towards the root (specific rules first, then the
// generic ones: EF Core/SQLite, ASP.NET Core, middleware, other API code). Thread time is not CPU time: it also
// counts a runnable thread waiting for a core and native code blocked inside SQLite (its busy handler).
const fs = require("fs");
const s = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const frames = s.shared.frames.map((f) => f.name);
const WAIT = [/WaitHandle\.Wait/, /LowLevelLifoSemaphore\.Wait/, /Monitor\.Wait/, /LowLevelMonitor\.Wait/, /SocketAsyncEngine\.EventLoop/,
  /Thread\.Sleep/, /ManualResetEventSlim\.Wait/, /SemaphoreSlim\.Wait\(/, /WaitForSocketEvents/, /GateThread/, /WaitSubsystem/,
  /TimerQueue\.TimerThread/, /WaitOneCore/, /Console/, /FileSystemWatcher|RunningThread/i, /Thread\.Join/, /Task\.Wait|Task\.InternalWait|SpinThenBlockingWait/, /BlockingCollection|LowLevelLock/];
const R = [
  ["GC (threads stopped for collections)", /PollGC|GCHeap|GarbageCollect/],
  ["logging", /Microsoft\.Extensions\.Logging|LoggerMessage|Logger`1|\.Log(Information|Warning|Debug)/],
  ["metrics / traces (OpenTelemetry, Activity)", /Observability\.|System\.Diagnostics\.Metrics|System\.Diagnostics\.Activity|HostingApplicationDiagnostics|DiagnosticListener/],
  ["similarity: store catch-up query", /SimilarityIndexRefresher/],
  ["similarity: lookup", /SimilarWorks|SimilarWorkCheck|SimilarityIndex\.|HammingScan|SegmentIndex/],
  ["content bytes INSERT (ContentStore.Commit)", /ContentStore\+<CommitAsync>|ContentStore\.CommitAsync/],
  ["duplicate pre-check query (ContentUses)", /ContentUses|DuplicateContentCheck/],
  ["outbox: MarkSent UPDATE", /OutboxWrites\+<MarkSentAsync>|OutboxWrites\.MarkSentAsync/],
  ["outbox: INSERT + commit", /OutboxWrites\+<InsertAsync>|OutboxWrites\.InsertAsync|RelayerLane\+<RecordAsync>/],
  ["lane: batching + signing", /RelayerLane.*Form|BatchEncoding|Relayer\.SignCall|SignLegacyTransaction|RelayerLane\+<SignFrom|Nethereum\.RLP|Keccak.*Sign/],
  ["lane: JSON-RPC send", /RelayerLane|TransactionSender/],
  ["confirmation tracker", /ConfirmationTracker/],
  ["finalizer", /TransactionFinalizer|WebhookOutbox/],
  ["chain index (block feed, index writes)", /DigitalCollections\.Api\.Indexing\.|WebSocketBlockSource/],
  ["SQLite WAL checkpointer", /SqliteCheckpointer/],
  ["idempotency", /Idempotency/],
  ["rate limiting", /RateLimit/],
  ["FluentValidation (validator + rules)", /FluentValidation|Validator/],
  ["secp256k1 signature recovery", /Secp256k1|SignatureVerifier|AuthorizationSigning|RecoverSigner/],
  ["EIP-712 digest / ABI call data", /AuthorizationEncoding|EditionEncoding|Keccak/],
  ["hashing + ISCC codes (SHA-256, BLAKE3, Data/Meta/Instance)", /DigitalCollections\.Api\.Iscc\.|WorkCodeGenerator|WorkCodeHasher|ContentHashes|StreamCodes|ContentStore\+<StageAsync>|SHA256|Blake3/],
  ["multipart form parsing", /FormReader|WebUtilities|FormFeature|MultipartReader|FormCollection/],
  ["chain reads per request (signing domain, fee, clock, tokenURI)", /ContractReader|FeeCache|ChainClock|ChainReader|JsonRpcTransport|ChainIdentity/],
  ["handler / endpoint / mediator rest", /RegisterWorkHandler|RegisterWorkEndpoint|Mediator|TransactionPipeline|TransactionAwaiter|KeyedLocks|Behavior`2|TransactionWaiters|WorkFileName|RegisteredWork|WriteOutcome|ProblemExceptionHandler/],
  ["other API code", /^DigitalCollections\.Api!/],
  ["Kestrel + ASP.NET Core pipeline, JSON", /Microsoft\.AspNetCore|System\.Text\.Json|System\.IO\.Pipelines|System\.Net\.Sockets|System\.Net\.Security/],
  ["GC", /PollGC|GCHeap|GarbageCollect/],
  ["EF Core / SQLite outside the above", /EntityFrameworkCore|Microsoft\.Data\.Sqlite|SQLitePCL/],
];
const GENERIC = new Set(["other API code", "Kestrel + ASP.NET Core pipeline, JSON", "EF Core / SQLite outside the above", "idempotency", "rate limiting"]);
const why = new Map();
const tot = new Map(); let all = 0;
for (const p of s.profiles) {
  const open = []; let last = p.startValue;
  const flush = (at) => {
    const dt = at - last; last = at;
    if (dt <= 0 || open.length === 0) return;
    const st = open.map((f) => frames[f]);
    if (st.some((n) => WAIT.some((r) => r.test(n)))) return;
    let c = "runtime / thread pool, other";
    const specific = R.filter(([n]) => !GENERIC.has(n)), generic = R.filter(([n]) => GENERIC.has(n));
    let found = false;
    outer: for (let i = st.length - 1; i >= 0; i--) for (const [name, re] of specific) if (re.test(st[i])) { c = name; found = true; break outer; }
    if (!found) outer2: for (let i = st.length - 1; i >= 0; i--) for (const [name, re] of generic) if (re.test(st[i])) { c = name; break outer2; }
    tot.set(c, (tot.get(c) || 0) + dt); all += dt;
    if (process.env.WHY && c === process.env.WHY) { let k = "?"; for (let i = st.length - 1; i >= 0; i--) if (/DigitalCollections\.Api!/.test(st[i])) { k = st[i]; break; } why.set(k, (why.get(k) || 0) + dt); }
  };
  for (const ev of p.events) {
    flush(ev.at);
    if (ev.type === "O") open.push(ev.frame); else { const i = open.lastIndexOf(ev.frame); if (i >= 0) open.splice(i, 1); }
  }
}
console.log(`thread time outside waits: ${(all / 1000).toFixed(1)} s`);
for (const [n, t] of [...tot.entries()].sort((a, b) => b[1] - a[1])) console.log(`${(100 * t / all).toFixed(1).padStart(5)}%  ${n}`);
if (process.env.WHY) for (const [n, t] of [...why.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`   ${(100 * t / all).toFixed(1).padStart(5)}%  ${n.slice(0, 160)}`);
