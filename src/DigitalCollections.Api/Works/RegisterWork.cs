using DigitalCollections.Api.Accounts;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Idempotency;
using DigitalCollections.Api.RateLimiting;
using DigitalCollections.Api.Similarity;
using DigitalCollections.Api.Storage;
using DigitalCollections.Api.Transactions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Works;

/// <summary>Register a file as a work and mint its token, self-signed by the creator or for a custodial account.</summary>
public sealed record RegisterWorkCommand(
    StagedContent? Content,
    string? ContentType,
    string? FileName,
    string? Title,
    string? Description,
    int RoyaltyBps,
    string? Creator,
    string? To,
    long? Deadline,
    string? Signature,
    string? ApiKey,
    bool RespondAsync = false,
    bool AcknowledgeSimilar = false) : IRequest<WriteOutcome<RegisteredWork>>, IUsesDeploymentChain;

public sealed record RegisteredWork(
    long TokenId,
    string ContentHash,
    string Creator,
    string Owner,
    int RoyaltyBps,
    string TokenUri,
    string TransactionHash,
    long BlockNumber,
    DateTimeOffset RegisteredAt,
    IsccView? Iscc = null,
    IReadOnlyList<long>? SimilarTo = null,
    IReadOnlyList<long>? VariantOf = null);

public sealed class RegisterWorkValidator : Validator<RegisterWorkCommand>
{
    public const int MaxRoyaltyBps = 1000;

    public RegisterWorkValidator(TimeProvider clock)
    {
        RuleFor(c => c.Content).NotNull().OverridePropertyName("file").WithMessage("'file' is required: send the work's bytes as a multipart file part.");
        RuleFor(c => c.Content!.Size).GreaterThan(0).When(c => c.Content is not null).OverridePropertyName("file")
            .WithMessage("'file' must not be empty.");
        RuleFor(c => c.Title).NotEmpty().WithName("title").Must(t => t!.Trim().Length is >= 1 and <= 200)
            .WithMessage("'title' must be 1 to 200 characters.");
        RuleFor(c => c.Description).MaximumLength(5000).WithName("description");
        RuleFor(c => c.RoyaltyBps).InclusiveBetween(0, MaxRoyaltyBps).WithName("royaltyBps")
            .WithMessage("'royaltyBps' must be between 0 and 1000 (10%).");
        RuleFor(c => c.To).MustBeAddress().When(c => c.To is not null).WithName("to");
        RuleFor(c => c.To).Must(t => !Formats.IsZeroAddress(t)).When(c => c.To is not null).WithName("to")
            .WithMessage("'to' must not be the zero address.");

        When(c => c.ApiKey is null, () =>
        {
            RuleFor(c => c.Creator).NotEmpty().WithName("creator")
                .WithMessage("'creator' is required for a self-signed mint (or send a custodial account's API key).")
                .MustBeAddress();
            RuleFor(c => c.Deadline).NotNull().WithName("deadline")
                .WithMessage("'deadline' (Unix seconds) is required for a self-signed mint.")
                .MustBeFutureDeadline(clock);
            RuleFor(c => c.Signature).NotEmpty().WithName("signature")
                .WithMessage("'signature' (the creator's EIP-712 MintAuthorization signature) is required for a self-signed mint.")
                .MustBeSignature();
        });
        When(c => c.ApiKey is not null, () =>
        {
            RuleFor(c => c.Signature).Null().WithName("signature")
                .WithMessage("Send either a creator's signature or an API key, not both.");
            RuleFor(c => c.Creator).Null().WithName("creator")
                .WithMessage("A custodial mint's creator is the API key's account; leave 'creator' out.");
        });
    }
}

public sealed class RegisterWorkHandler(
    IContractReader chain,
    IRelayer relayer,
    Deployment deployment,
    SignatureVerifier signatures,
    CustodialSigner custody,
    ContentStore store,
    AppDbContext db,
    KeyedLocks locks,
    TransactionPipeline pipeline,
    TransactionAwaiter awaiter,
    FeeCache fees,
    Indexing.IndexReads index,
    ChainInfo.ChainClock chainClock,
    WorkCodeGenerator codeGenerator,
    SimilarWorks similarWorks,
    IOptions<ChainOptions> chainOptions) : IRequestHandler<RegisterWorkCommand, WriteOutcome<RegisteredWork>>
{
    public async ValueTask<WriteOutcome<RegisteredWork>> Handle(RegisterWorkCommand command, CancellationToken ct)
    {
        try
        {
            return await RegisterAsync(command, ct);
        }
        catch (Exception e) when (ContractRevertProblems.IsExpiry(e))
        {
            var chainTime = await chainClock.ReadAsync(ct);
            throw ContractRevertProblems.Expired(e, command.ApiKey is null ? command.Deadline : null,
                chainTime.BlockTime.ToUnixTimeSeconds(), chainTime.OffsetSeconds);
        }
    }

    private async Task<WriteOutcome<RegisteredWork>> RegisterAsync(RegisterWorkCommand command, CancellationToken ct)
    {
        var content = command.Content!;
        var domain = await chain.GetSigningDomainAsync(ct);

        string creator, to, signature;
        MintAuthorization authorization;
        var signerProven = true;
        if (command.ApiKey is not null)
        {
            var account = await custody.AuthenticateAsync(command.ApiKey, ct);
            creator = account.Address;
            to = command.To ?? creator;
            // Counted from the chain's clock, which the contract judges the deadline by; it can run ahead of the wall clock.
            authorization = Authorization(creator, to, content.ContentHash, command.RoyaltyBps,
                await chainClock.DeadlineBaseAsync(ct) + chainOptions.Value.CustodialAuthorizationLifetimeSeconds);
            signature = custody.Sign(account, authorization, domain);
        }
        else
        {
            creator = command.Creator!;
            to = command.To ?? creator;
            signature = command.Signature!;
            authorization = Authorization(creator, to, content.ContentHash, command.RoyaltyBps, command.Deadline!.Value);
            signerProven = await signatures.EnsureSignedByAsync(AuthorizationSigning.Digest(authorization, domain), signature, creator, "creator", ct);
        }
        var callData = AuthorizationEncoding.MintCallData(authorization, signature);
        var codes = await codeGenerator.GenerateAsync(content, command.ContentType, command.FileName, command.Title!.Trim(), command.Description, ct);

        SubmittedTransaction submitted;
        long[] similarTo, variantOf;
        // One mint per content at a time: a concurrent duplicate waits until this one is in the outbox, then gets 409.
        using (await locks.AcquireAsync(content.ContentHash, ct))
        {
            await EnsureNotRegisteredAsync(content.ContentHash, ct);
            (similarTo, variantOf) = await CheckSimilarAsync(codes, creator, command.AcknowledgeSimilar, ct);
            // A key-recovered EOA signature was checked above; duplicates, deadline and royalty too. A contract
            // wallet's signature can only be judged by running the mint: dry-run it (refusals cost no gas).
            var gasLimit = signerProven
                ? await fees.GetMintGasLimitAsync(relayer.RelayerAddress, callData, ct)
                : FeeCache.GasLimitFor(await chain.EstimateGasAsync(relayer.RelayerAddress, callData, ct));

            // Keep the bytes before recording: a recorded mint may confirm after this process is gone.
            await store.CommitAsync(content, db, ct);
            var request = new MintRequest(content.ContentHash, command.Title!.Trim(), command.Description,
                command.ContentType ?? "application/octet-stream", command.FileName, content.Size,
                ChainKeys.Checksum(creator), ChainKeys.Checksum(to), command.RoyaltyBps, codes, similarTo, variantOf);
            try
            {
                submitted = await pipeline.SubmitAsync(TransactionKinds.Mint, callData, gasLimit, request, content.ContentHash, null, ct);
            }
            catch
            {
                await store.DeleteAsync(content.ContentHash, db, CancellationToken.None); // nothing was recorded: the bytes are nobody's
                throw;
            }
        }

        var outcome = await awaiter.WaitAsync(submitted, command.RespondAsync, ct);
        if (outcome is null) return new(null, await awaiter.ViewAsync(submitted.Id));
        var row = outcome.Transaction;
        var tokenId = row.TokenId!.Value;
        return new(new RegisteredWork(tokenId, content.ContentHash, ChainKeys.Checksum(creator), ChainKeys.Checksum(to),
            command.RoyaltyBps, await chain.GetTokenUriAsync(tokenId, ct), row.TransactionHash!, row.BlockNumber!.Value,
            outcome.BlockTime!.Value, codes.View(), similarTo, variantOf), null);
    }

    /// <summary>
    /// 409 when another creator's registered work resembles this one and the creator did not acknowledge it;
    /// else the works it will be linked to: other creators' (acknowledged) and the creator's own (variants).
    /// </summary>
    private async Task<(long[] SimilarTo, long[] VariantOf)> CheckSimilarAsync(WorkCodes codes, string creator, bool acknowledged, CancellationToken ct)
    {
        var similar = await similarWorks.FindAsync(SimilarityQuery.Of(codes), ct);
        var own = similar.Where(w => string.Equals(w.Creator, creator, StringComparison.OrdinalIgnoreCase)).ToList();
        // Priority goes to the earliest registration: another creator's work registered after one of the creator's
        // own similar works (a copy of theirs, acknowledged) does not stand in the way of the creator's variants.
        var ownFirst = own.Count > 0 ? own.Min(w => w.TokenId) : long.MaxValue;
        var others = similar.Except(own).Where(w => w.TokenId < ownFirst).OrderBy(w => w.RegisteredAt).ThenBy(w => w.TokenId).ToList();
        if (others.Count > 0 && !acknowledged)
        {
            var first = others[0];
            throw new ApiProblemException(409, "similar-work-registered", "A similar work of another creator is registered.",
                $"This file closely resembles work #{first.TokenId} by {first.Creator}, registered {first.RegisteredAt:u} " +
                $"({first.CodeKind} code {first.Distance} of 64 bits apart). Nothing was sent. To register it knowingly, " +
                "send acknowledgeSimilar=true; the work is then linked to the works it resembles.", "file",
                new Dictionary<string, object?>
                {
                    ["matches"] = others.Select(w => new SimilarMatch(w.TokenId, w.Creator, w.RegisteredAt, w.CodeKind, w.Distance, w.Similarity)).ToList(),
                });
        }
        return (others.Select(w => w.TokenId).ToArray(), own.Select(w => w.TokenId).OrderBy(id => id).ToArray());
    }

    /// <summary>409 when these bytes are registered (here or directly on the contract) or being registered now.</summary>
    private async Task EnsureNotRegisteredAsync(string contentHash, CancellationToken ct)
    {
        var (known, inFlight, indexed) = await ContentUsesAsync(db, deployment.Key, contentHash, ct);
        if (known is { } tokenId) throw ContractRevertProblems.Duplicate(contentHash, tokenId);

        if (inFlight is { } id)
            throw new ApiProblemException(409, "registration-in-progress", "These bytes are being registered.",
                $"Content {contentHash} is being registered by transaction {id}; follow it at {TransactionView.LocationOf(id)}.", "file",
                new Dictionary<string, object?> { ["transactionId"] = id, ["contentHash"] = contentHash });

        // Registered directly on the contract: the index knows it, and while it follows the chain closely a miss
        // there is trusted. A registration newer than the index is refused by the contract itself, and that
        // revert answers the same 409; only a lagging index costs a call to the chain here.
        if (indexed is { } indexedToken) throw ContractRevertProblems.Duplicate(contentHash, indexedToken);
        if (index.FollowingClosely) return;

        var onChain = await chain.TokenOfContentAsync(contentHash, ct);
        if (onChain != 0) throw ContractRevertProblems.Duplicate(contentHash, onChain);
    }

    /// <summary>
    /// The work registered here with these bytes, a mint of them in flight, and the token the index knows for
    /// them: one statement for the three, which every mint asks (through LINQ they cost a mint more CPU than
    /// its signature check).
    /// </summary>
    private static async Task<(long? Work, Guid? InFlight, long? Indexed)> ContentUsesAsync(AppDbContext db, string deploymentKey,
        string contentHash, CancellationToken ct)
    {
        var works = StoreNames.Table<WorkRecord>(db);
        var transactions = StoreNames.Table<ChainTransaction>(db);
        var tokens = StoreNames.Table<Indexing.IndexedToken>(db);
        string Match(TableNames t) =>
            $"{t.Col(nameof(WorkRecord.DeploymentKey))} = @key AND {t.Col(nameof(WorkRecord.ContentHash))} = @hash";
        var sql = $"SELECT (SELECT {works.Col(nameof(WorkRecord.TokenId))} FROM {works.Name} WHERE {Match(works)} LIMIT 1), "
            + $"(SELECT {transactions.Col(nameof(ChainTransaction.Id))} FROM {transactions.Name} WHERE {Match(transactions)} "
            + $"AND {transactions.Col(nameof(ChainTransaction.State))} IN (@queued, @sent) LIMIT 1), "
            + $"(SELECT {tokens.Col(nameof(Indexing.IndexedToken.TokenId))} FROM {tokens.Name} WHERE {Match(tokens)} LIMIT 1)";

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in new[] { ("@key", deploymentKey), ("@hash", contentHash), ("@queued", TransactionStates.Queued), ("@sent", TransactionStates.Sent) })
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return (reader.IsDBNull(0) ? null : reader.GetInt64(0),
                reader.IsDBNull(1) ? null : reader.GetGuid(1),
                reader.IsDBNull(2) ? null : reader.GetInt64(2));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static MintAuthorization Authorization(string creator, string to, string contentHash, int royaltyBps, long deadline) => new()
    {
        Creator = creator,
        To = to,
        ContentHash = contentHash,
        RoyaltyBps = royaltyBps,
        Deadline = deadline,
    };
}

/// <summary>The multipart form of POST /api/v1/works, for the OpenAPI document.</summary>
public sealed class RegisterWorkForm
{
    /// <summary>The work's bytes.</summary>
    public required IFormFile File { get; init; }
    /// <summary>1–200 characters.</summary>
    public required string Title { get; init; }
    /// <summary>Up to 5000 characters.</summary>
    public string? Description { get; init; }
    /// <summary>0–1000 basis points (default 0).</summary>
    public int? RoyaltyBps { get; init; }
    /// <summary>Self-signed mint: the creator's address.</summary>
    public string? Creator { get; init; }
    /// <summary>Owner of the new token (default: the creator).</summary>
    public string? To { get; init; }
    /// <summary>Self-signed mint: the authorisation's deadline, Unix seconds.</summary>
    public long? Deadline { get; init; }
    /// <summary>Self-signed mint: the creator's EIP-712 MintAuthorization signature.</summary>
    public string? Signature { get; init; }
    /// <summary>true: register even though another creator's similar work is registered (the work is linked to it).</summary>
    public bool? AcknowledgeSimilar { get; init; }
}

public static class RegisterWorkEndpoint
{
    public static void MapRegisterWork(this IEndpointRouteBuilder api) =>
        api.MapPost("/works", Handle)
            .WithName("RegisterWork")
            .RateLimited(RateLimitPolicies.Writes)
            .Idempotent()
            .WithTags("Works")
            .WithSummary("Register a file as a work and mint its token")
            .Accepts<RegisterWorkForm>("multipart/form-data")
            .Produces<RegisteredWork>(StatusCodes.Status201Created)
            .Produces<TransactionView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>The part's declared media type when it is a well-formed type/subtype, else null (served as octet-stream).</summary>
    private static string? MediaType(string? declared) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(declared, out var parsed) && parsed.MediaType.HasValue
            && !parsed.MatchesAllTypes && !parsed.MatchesAllSubTypes
            ? parsed.ToString()
            : null;

    private static async Task<IResult> Handle(HttpRequest request, IMediator mediator, ContentStore store,
        IOptions<StorageOptions> storage, CancellationToken ct)
    {
        var form = await FormReader.ReadAsync(request, storage.Value.MaxUploadBytes, ct);
        var file = form.Files.GetFile("file");
        if (file is not null && file.Length > storage.Value.MaxUploadBytes) throw FormReader.TooLarge(storage.Value.MaxUploadBytes);

        StagedContent? staged = null;
        try
        {
            if (file is not null)
            {
                await using var upload = file.OpenReadStream();
                staged = await store.StageAsync(upload, ct);
            }
            var command = new RegisterWorkCommand(
                staged,
                MediaType(file?.ContentType),
                WorkFileName.Clean(file?.FileName),
                FormReader.Text(form, "title"),
                FormReader.Text(form, "description"),
                FormReader.Integer(form, "royaltyBps") ?? 0,
                FormReader.Text(form, "creator"),
                FormReader.Text(form, "to"),
                FormReader.Long(form, "deadline"),
                FormReader.Text(form, "signature"),
                request.BearerToken(),
                request.PrefersRespondAsync(),
                FormReader.Boolean(form, "acknowledgeSimilar") ?? false);
            var outcome = await mediator.Send(command, ct);
            return outcome.ToResult(request.HttpContext, work => $"/api/v1/works/{work.TokenId}");
        }
        finally
        {
            staged?.Dispose(); // a committed file was moved away; anything left in staging goes
        }
    }
}
