using System.Text.Json;
using DigitalCollections.Api.Accounts;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.ChainInfo;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Provenance;
using DigitalCollections.Api.RateLimiting;
using DigitalCollections.Api.Similarity;
using DigitalCollections.Api.Storage;
using DigitalCollections.Api.Transactions;
using DigitalCollections.Api.Transfers;
using DigitalCollections.Api.Verification;
using DigitalCollections.Api.Works;
using FluentValidation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

// appsettings.json is read from beside the dll when the working directory has none (see Common/AppContentRoot.cs).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContentRoot.Choose(args, Directory.GetCurrentDirectory(), AppContext.BaseDirectory, Environment.GetEnvironmentVariable),
});
var services = builder.Services;

services.Configure<ChainOptions>(builder.Configuration.GetSection(ChainOptions.SectionName));
services.Configure<StorageOptions>(builder.Configuration.GetSection(StorageOptions.SectionName));
var storage = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
var dataDirectory = storage.ResolveDataDirectory(Directory.GetCurrentDirectory());
Directory.CreateDirectory(dataDirectory);

// Uploads: the limit is enforced while reading, before anything is hashed or stored.
var bodyLimit = storage.MaxUploadBytes + 1024 * 1024;
services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = bodyLimit);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = bodyLimit);
services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // malformed JSON reaches the problem handler

services.AddSingleton(TimeProvider.System);
services.AddSingleton(sp => Deployment.Resolve(sp.GetRequiredService<IOptions<ChainOptions>>().Value, Directory.GetCurrentDirectory()));
services.AddSingleton<IChainGateway, NethereumChainGateway>();
services.AddSingleton<ChainIdentityGuard>(); // is the node's chain the deployment's? lanes, writes, reads and readiness ask
services.AddSingleton(new ContentStore(dataDirectory, storage.DatabaseContentMaxBytes));
services.AddHostedService<OrphanContentSweeper>(); // bytes a crash left without a work or a mint in flight
services.AddSingleton(sp => new CustodialKeyVault(CustodialKeyVault.LoadMasterKey(
    builder.Configuration["Custody:MasterKey"], dataDirectory, sp.GetRequiredService<Deployment>().ChainId)));
services.AddSingleton<KeyedLocks>();
services.AddScoped<SignatureVerifier>();
services.AddScoped<CustodialSigner>();
services.AddScoped<VerificationLookup>();
// SQLite in the data folder, or PostgreSQL with Storage:Provider=Postgres (see Data/AppDatabase.cs); also the leader lease.
services.AddAppDatabase(storage, dataDirectory);

// The write path: relayer lanes, outbox, confirmation tracker (see Transactions/).
services.AddSingleton<FeeCache>();
services.AddSingleton<TransactionWaiters>();
services.AddSingleton<TransactionFinalizer>();
services.AddSingleton<ConfirmationTracker>();
services.AddSingleton<TransactionPipeline>();
services.AddHostedService(sp => sp.GetRequiredService<TransactionPipeline>());
services.AddScoped<TransactionAwaiter>();

// The chain index (see Indexing/): provenance, listings and verification read from it.
services.Configure<DigitalCollections.Api.Indexing.IndexingOptions>(builder.Configuration.GetSection(DigitalCollections.Api.Indexing.IndexingOptions.SectionName));
services.AddSingleton<DigitalCollections.Api.Indexing.IndexStatus.Writer>();
services.AddSingleton(sp => sp.GetRequiredService<DigitalCollections.Api.Indexing.IndexStatus.Writer>().Status);
services.AddSingleton<DigitalCollections.Api.Indexing.WriteWatermark>();
services.AddSingleton<DigitalCollections.Api.Indexing.ChainResetCheck>();
services.AddHostedService<DigitalCollections.Api.Indexing.ChainIndexer>();
services.AddScoped<DigitalCollections.Api.Indexing.IndexReads>();
services.AddSingleton<ChainClock>(); // the chain's latest block time, from the index (ChainInfo/ChainClock.cs)

services.AddOptions<DigitalCollections.Api.Idempotency.IdempotencyOptions>()
    .Bind(builder.Configuration.GetSection(DigitalCollections.Api.Idempotency.IdempotencyOptions.SectionName))
    .Validate(o => o.RetentionHours >= DigitalCollections.Api.Idempotency.IdempotencyOptions.MinimumRetentionHours,
        $"Idempotency:RetentionHours must be at least {DigitalCollections.Api.Idempotency.IdempotencyOptions.MinimumRetentionHours}: clients may retry for a day.")
    .ValidateOnStart();
services.AddSingleton<DigitalCollections.Api.Idempotency.IdempotencyKeySweeper>();
services.AddHostedService(sp => sp.GetRequiredService<DigitalCollections.Api.Idempotency.IdempotencyKeySweeper>());
// Per-client limits on account creation, writes and reads (see RateLimiting/).
services.AddRateLimits(builder.Configuration);
// ISCC codes of every work and the in-memory index of near-copies (see Similarity/).
services.AddSimilarity(builder.Configuration);

services.AddMediator(o =>
{
    o.ServiceLifetime = ServiceLifetime.Scoped; // validators and DbContext are scoped
    o.PipelineBehaviors = [typeof(ValidationBehavior<,>), typeof(ChainIdentityBehavior<,>)];
});
services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Scoped, includeInternalTypes: true);
ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);

// Problems the framework writes itself (415 from content-type matching, 404/405 routing) get our types too.
services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemExceptionHandler.CustomizeFrameworkProblem);
services.AddExceptionHandler<ProblemExceptionHandler>();
services.AddHealthChecks()
    .AddCheck<ChainReadinessCheck>("chain", tags: ["ready"])
    .AddCheck<IndexReadinessCheck>("index", tags: ["ready"])
    .AddCheck<ChainClockCheck>("chainClock", tags: ["ready"]);
services.AddEndpointsApiExplorer();
services.AddSwaggerGen(o =>
{
    o.SwaggerDoc("v1", new() { Title = "DigitalCollections API", Version = "v1",
        Description = "Register creator works as ERC-721 tokens and check files, authorship and ownership against the chain. " +
            "A path whose decoding holds a NUL byte (%00) is refused by the web server before routing: 400 without a body." });
    var xml = Path.Combine(AppContext.BaseDirectory, "DigitalCollections.Api.xml");
    if (File.Exists(xml)) o.IncludeXmlComments(xml);
    o.OperationFilter<DigitalCollections.Api.Idempotency.WriteHeadersOperationFilter>();
    o.OperationFilter<RetryAfterOperationFilter>();
    // The document says what answers carry: nullable only where the C# type is, required where it is not.
    o.SupportNonNullableReferenceTypes();
    o.NonNullableReferenceTypesAsRequired();
    o.UseAllOfToExtendReferenceSchemas();
});

var app = builder.Build();

// Fail start-up, with a clear message, on a missing deployment, relayer key or master key, or a master key
// that is not the one the database's custodial accounts were sealed with (Accounts/MasterKeyGuard.cs).
var deployment = app.Services.GetRequiredService<Deployment>();
using (var scope = app.Services.CreateScope())
{
    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
    DatabaseSchema.Migrate(db, app.Logger);
    MasterKeyGuard.Ensure(db, builder.Configuration["Custody:MasterKey"], dataDirectory,
        () => app.Services.GetRequiredService<CustodialKeyVault>(), TimeProvider.System, app.Logger);
}
app.Services.GetRequiredService<ContentStore>().SweepStaging();
app.Logger.LogInformation("Serving contract {Contract} on chain {ChainId} via {RpcUrl}; relayers {Relayers}",
    deployment.ContractAddress, deployment.ChainId, app.Services.GetRequiredService<IOptions<ChainOptions>>().Value.RpcUrl,
    string.Join(", ", app.Services.GetRequiredService<IChainGateway>().RelayerAddresses));

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRateLimits(); // before idempotency: a refused request leaves no key behind
app.UseMiddleware<DigitalCollections.Api.Idempotency.IdempotencyMiddleware>();
app.UseSwagger();
app.UseSwaggerUI(o => o.DocumentTitle = "DigitalCollections API");

app.MapRegisterWork();
app.MapGetWork();
app.MapGetWorkContent();
app.MapGetMetadata();
app.MapGetProvenance();
app.MapTransferWork();
app.MapVerifyByFile();
app.MapVerifyByHash();
app.MapFindSimilar();
app.MapCreateAccount();
app.MapGetChainInfo();
app.MapGetTransaction();
app.MapListWorks();
app.MapListAccountWorks();
app.MapHealth();

// The collector and creator pages (wwwroot): /, /works/{tokenId}, /accounts/{address}, /create. See Pages/WebPages.cs.
DigitalCollections.Api.Pages.WebPages.UseWebPages(app);

app.Run();

/// <summary>Entry point; public for WebApplicationFactory in the integration tests.</summary>
public partial class Program;
