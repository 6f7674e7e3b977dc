using DigitalCollections.Api.Accounts;
using DigitalCollections.Api.Admin;
using DigitalCollections.Api.Audit;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.ChainInfo;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Idempotency;
using DigitalCollections.Api.Indexing;
using DigitalCollections.Api.Metadata;
using DigitalCollections.Api.Observability;
using DigitalCollections.Api.Operator;
using DigitalCollections.Api.Pages;
using DigitalCollections.Api.Proofs;
using DigitalCollections.Api.Provenance;
using DigitalCollections.Api.RateLimiting;
using DigitalCollections.Api.Similarity;
using DigitalCollections.Api.Storage;
using DigitalCollections.Api.Transactions;
using DigitalCollections.Api.Transfers;
using DigitalCollections.Api.Verification;
using DigitalCollections.Api.Webhooks;
using DigitalCollections.Api.Works;

// `admin-key create|revoke|list` runs against the database and exits instead of serving (Admin/AdminCli.cs).
var adminCommand = AdminCli.Parse(args);

// appsettings.json is read from beside the dll when the working directory has none (see Common/AppContentRoot.cs).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = adminCommand?.HostArgs ?? args,
    ContentRootPath = AppContentRoot.Choose(adminCommand?.HostArgs ?? args, Directory.GetCurrentDirectory(), AppContext.BaseDirectory, Environment.GetEnvironmentVariable),
});

// Each feature registers its own services (see its *Feature.cs). Hosted services start in this order.
builder.AddApiConventions(); // Mediator with validation, problem details, clock (Common/)
builder.AddStorage();        // data folder, upload limits, content store, database and leader lease (Storage/, Data/)
builder.AddAccounts();       // custodial keys and signing (Accounts/)
builder.AddAudit();          // the hash-chained audit trail of privileged actions (Audit/)
builder.AddAdmin();          // admin keys with scopes, RequireScope on routes (Admin/)
builder.AddTransactions();   // the write path: relayer lanes, outbox, confirmation tracker (Transactions/)
builder.AddWorks();          // editions larger than one transaction, minted on in chunks (Works/)
builder.AddChain();          // deployment, JSON-RPC transport, chain readers, relayer and sender, chain identity (Chain/)
builder.AddIndexing();       // block feed, chain index and its status (Indexing/)
builder.AddChainInfo();      // chain clock and readiness checks (ChainInfo/)
builder.AddVerification();   // lookups by file, hash and ISCC (Verification/)
builder.AddProofs();         // proof bundles of works and edition tokens (Proofs/)
builder.AddIdempotency();    // Idempotency-Key on writes (Idempotency/)
builder.AddRateLimits();     // per-client limits on account creation, writes and reads (RateLimiting/)
builder.AddSimilarity();     // ISCC codes of every work and the in-memory index of near-copies (Similarity/)
builder.AddApiDocument();    // the OpenAPI document and Swagger UI (Common/ApiDocument.cs)
builder.AddWebhooks();       // signed webhooks from the outbox, sent by the lease holder (Webhooks/)
builder.AddOperator();       // pause, freeze, minimum hold: the operator's on-chain actions, audited (Operator/)
builder.AddObservability();  // metrics (/metrics, Metrics:Enabled) and traces (OTLP, Tracing:Enabled) (Observability/)

var app = builder.Build();
if (adminCommand is not null)
{
    Environment.ExitCode = await adminCommand.RunAsync(app.Services, Console.Out, Console.Error, app.Logger);
    return;
}
app.RunStartupChecks(); // deployment, keys, schema, staging (Common/StartupChecks.cs)

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMetricsEndpoint(); // off the public surface: loopback or its own port (Observability/MetricsOptions.cs)
app.UseRateLimits(); // before idempotency: a refused request leaves no key behind
app.UseIdempotency();
app.UseApiDocument();

var api = app.MapGroup("/api/v1");
api.MapWorks();
api.MapProvenance();
api.MapProofs();
api.MapTransfers();
api.MapVerification();
api.MapAccounts();
api.MapChainInfo();
api.MapTransactions();
api.MapAdmin();
api.MapAudit();
api.MapWebhooks();
api.MapOperator();
api.MapMetadata();
app.MapHealth(); // /health/live and /health/ready, outside the versioned API

// The collector and creator pages (wwwroot): /, /works/{tokenId}, /accounts/{address}, /create. See Pages/WebPages.cs.
app.UseWebPages();

app.Run();

/// <summary>Entry point; public for WebApplicationFactory in the integration tests.</summary>
public partial class Program;
