using DigitalCollections.Api.Accounts;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Similarity;
using DigitalCollections.Api.Storage;
using DigitalCollections.Api.Transactions;
using Mediator;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Works;

public sealed class RegisterWorkHandler(
    IContractReader chain,
    IRelayer relayer,
    Deployment deployment,
    SignatureVerifier signatures,
    CustodialSigner custody,
    Admin.OnBehalfOfAccounts accounts,
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
        var content = command.Content!;
        var domain = await chain.GetSigningDomainAsync(ct);

        string creator, to, signature;
        MintAuthorization authorization;
        string? editionCallData = null;
        var signerProven = true;
        var firstChunk = int.MaxValue; // an edition's later chunks follow through EditionContinuation
        if (command.ApiKey is not null)
        {
            var account = await accounts.ResolveAsync(command.ApiKey, command.OnBehalfOf, ct);
            creator = account.Address;
            to = command.To ?? creator;
            // Counted from the chain's clock, which the contract judges the deadline by; it can run ahead of the wall clock.
            authorization = Authorization(creator, to, content.ContentHash, command.RoyaltyBps,
                await chainClock.DeadlineBaseAsync(ct) + chainOptions.Value.CustodialAuthorizationLifetimeSeconds);
            signature = custody.Sign(account, authorization, domain);
            if (command.IsEdition)
            {
                firstChunk = EditionChunks.PerTransaction(command.Transferable, command.Recipients is not null);
                var edition = Edition(authorization, command);
                var editionSignature = custody.Sign(account, EditionEncoding.Digest(edition, domain));
                editionCallData = command.Recipients?.Take(firstChunk).ToList() is { } recipients
                    ? EditionEncoding.MintEditionToCallData(edition, editionSignature, recipients,
                        custody.Sign(account, EditionEncoding.Digest(new EditionRecipients(edition.ContentHash, 1, recipients), domain)))
                    : EditionEncoding.MintEditionCallData(edition, editionSignature, Math.Min(command.EditionSize, firstChunk));
            }
        }
        else
        {
            creator = command.Creator!;
            to = command.To ?? creator;
            signature = command.Signature!;
            authorization = Authorization(creator, to, content.ContentHash, command.RoyaltyBps, command.Deadline!.Value);
            if (command.IsEdition)
            {
                // A self-signed edition: the signature is the creator's EditionAuthorization over the same fields.
                var edition = Edition(authorization, command);
                signerProven = await signatures.EnsureSignedByAsync(EditionEncoding.Digest(edition, domain), signature, creator, "creator", ct);
                firstChunk = EditionChunks.PerTransaction(command.Transferable, toRecipients: false);
                editionCallData = EditionEncoding.MintEditionCallData(edition, signature, Math.Min(command.EditionSize, firstChunk));
            }
            else
            {
                signerProven = await signatures.EnsureSignedByAsync(AuthorizationSigning.Digest(authorization, domain), signature, creator, "creator", ct);
            }
        }
        var kind = editionCallData is null ? TransactionKinds.Mint : TransactionKinds.Edition;
        var callData = editionCallData ?? AuthorizationEncoding.MintCallData(authorization, signature);
        var codes = await codeGenerator.GenerateAsync(content, command.ContentType, command.FileName, command.Title!.Trim(), command.Description, ct);

        SubmittedTransaction submitted;
        long[] similarTo, variantOf;
        // One mint per content at a time: a concurrent duplicate waits until this one is in the outbox, then gets 409.
        using (await locks.AcquireAsync(content.ContentHash, ct))
        {
            await DuplicateContentCheck.EnsureNotRegisteredAsync(db, deployment.Key, index, chain, content.ContentHash, ct);
            (similarTo, variantOf) = await SimilarWorkCheck.CheckAsync(similarWorks, codes, creator, command.AcknowledgeSimilar, ct);
            // A key-recovered EOA signature was checked above; duplicates, deadline and royalty too. A contract
            // wallet's signature can only be judged by running the mint: dry-run it (refusals cost no gas).
            // An edition's gas grows with its size: always estimated for its own call.
            var gasLimit = signerProven && kind == TransactionKinds.Mint
                ? await fees.GetMintGasLimitAsync(relayer.RelayerAddress, callData, ct)
                : EditionChunks.GasLimit(await chain.EstimateGasAsync(relayer.RelayerAddress, callData, ct));

            // Keep the bytes with the record: a recorded mint may confirm after this process is gone. Small files are
            // rows written in the outbox's own commit; a file is moved into place before.
            var bytesRow = store.DatabaseRow(content);
            if (bytesRow is null) await store.CommitAsync(content, db, ct);
            var request = new MintRequest(content.ContentHash, command.Title!.Trim(), command.Description,
                command.ContentType ?? "application/octet-stream", command.FileName, content.Size,
                ChainKeys.Checksum(creator), ChainKeys.Checksum(to), command.RoyaltyBps, codes, similarTo, variantOf,
                command.EditionSize, command.HoldSeconds, command.Transferable, command.Recipients?.Select(ChainKeys.Checksum).ToArray());
            try
            {
                submitted = await pipeline.SubmitAsync(kind, callData, gasLimit, request, content.ContentHash, null, ct, content: bytesRow);
            }
            catch when (bytesRow is null)
            {
                await store.DeleteAsync(content.ContentHash, db, CancellationToken.None); // nothing was recorded: the file is nobody's
                throw;
            }
        }

        var outcome = await awaiter.WaitAsync(submitted, command.RespondAsync, ct);
        if (outcome is null) return new(null, await awaiter.ViewAsync(submitted.Id));
        var row = outcome.Transaction;
        var tokenId = row.TokenId!.Value;
        return new(new RegisteredWork(tokenId, content.ContentHash, ChainKeys.Checksum(creator), ChainKeys.Checksum(to),
            command.RoyaltyBps, await chain.GetTokenUriAsync(tokenId, ct), row.TransactionHash!, row.BlockNumber!.Value,
            outcome.BlockTime!.Value, codes.View(), similarTo, variantOf,
            new TokenRange(tokenId, tokenId + command.EditionSize - 1), command.EditionSize, Math.Min(command.EditionSize, firstChunk)), null);
    }

    private static EditionAuthorization Edition(MintAuthorization mint, RegisterWorkCommand command) => new()
    {
        Creator = mint.Creator,
        To = mint.To,
        ContentHash = mint.ContentHash,
        RoyaltyBps = mint.RoyaltyBps,
        EditionSize = command.EditionSize,
        HoldSeconds = command.HoldSeconds,
        Transferable = command.Transferable,
        Deadline = mint.Deadline,
    };

    private static MintAuthorization Authorization(string creator, string to, string contentHash, int royaltyBps, long deadline) => new()
    {
        Creator = creator,
        To = to,
        ContentHash = contentHash,
        RoyaltyBps = royaltyBps,
        Deadline = deadline,
    };
}
