using DigitalCollections.Api.Chain;
using DigitalCollections.Api.ChainInfo;

namespace DigitalCollections.Api.Common;

/// <summary>Maps the contract's custom errors to the problems clients see.</summary>
public static class ContractRevertProblems
{
    /// <summary>The contract's EnforcedPause, also said before sending when the collection is known to be paused.</summary>
    public static ApiProblemException Paused() => new(503, "collection-paused", "The collection is paused.",
        "Minting and transfers are paused by the collection's operator; reads still work.");

    /// <summary>A metadata change signed for another nonce than the work's current one: said before sending, or by the revert.</summary>
    public static ApiProblemException StaleMetadataNonce(string tokenId, string expected, string provided) =>
        new(409, "stale-metadata-nonce", "The metadata change was already announced or is out of date.",
            $"Work {tokenId} expects metadata nonce {expected}, the change carries {provided}.", "nonce");

    public static ApiProblemException Map(ContractError error) => error.Name switch
    {
        "WorkAlreadyRegistered" => Duplicate(error["contentHash"]!, long.Parse(error["tokenId"]!)),
        "InvalidSignature" => new(403, "invalid-signature", "The signature does not authorise this.",
            "The contract rejected the signature: it was not made by the required account for this chain and contract.", "signature"),
        "AuthorizationExpired" => new(400, "authorization-expired", "The authorisation has expired.",
            $"The deadline {error["deadline"]} has passed.", "deadline"),
        "ZeroContentHash" => new(400, "validation", "The request is not valid.", "The content hash must not be zero.", "file"),
        "ZeroCreator" => new(400, "validation", "The request is not valid.", "The creator must not be the zero address.", "creator"),
        "RoyaltyTooHigh" => new(400, "validation", "The request is not valid.",
            $"royaltyBps {error["royaltyBps"]} is above the maximum of {error["maxRoyaltyBps"]}.", "royaltyBps"),
        "InvalidTransferNonce" => new(409, "stale-authorization", "The authorisation was already used or is out of date.",
            $"Token {error["tokenId"]} expects transfer nonce {error["expectedNonce"]}, the authorisation carries {error["providedNonce"]}.", "nonce"),
        "InvalidMetadataNonce" => StaleMetadataNonce(error["tokenId"]!, error["expectedNonce"]!, error["providedNonce"]!),
        "ERC721NonexistentToken" => ApiProblemException.NotFound("work", "tokenId", $"Token {error["tokenId"]} does not exist."),
        "ERC721IncorrectOwner" => ApiProblemException.Forbidden("not-owner", "from",
            $"{error["sender"]} does not own token {error["tokenId"]}; {error["owner"]} does."),
        "ERC721InvalidReceiver" => new(400, "validation", "The request is not valid.",
            $"{error["receiver"]} cannot receive tokens.", "to"),
        "EnforcedPause" => Paused(),
        "AccessControlUnauthorizedAccount" => new(503, "relayer-not-authorised", "The service's relayer lacks a role the call needs.",
            $"The relayer {error["account"]} lacks the role the contract requires ({RoleName(error["neededRole"])}). An admin of the contract must grant it."),
        "TokenHeld" => TransferNotAllowedYet(long.Parse(error["tokenId"]!), long.Parse(error["transferableAt"]!)),
        "TokenIsFrozen" => TokenFrozen(long.Parse(error["tokenId"]!), int.Parse(error["reasonCode"]!)),
        "TokenLocked" => TokenLocked(long.Parse(error["tokenId"]!)),
        "InvalidEditionSize" => new(400, "validation", "The request is not valid.", $"editionSize {error["editionSize"]} is not allowed.", "editionSize"),
        "HoldTooLong" => new(400, "validation", "The request is not valid.",
            $"holdSeconds {error["holdSeconds"]} is above the contract's maximum of {error["maxHoldSeconds"]}.", "holdSeconds"),
        "TokenNotFrozen" => new(409, "token-not-frozen", "The token is not frozen.",
            $"Token {error["tokenId"]} is not frozen; there is nothing to unfreeze.", "tokenId"),
        "ExpectedPause" => new(409, "not-paused", "The collection is not paused.", "The collection is not paused; there is nothing to unpause."),
        _ => new(502, "contract-reverted", "The contract refused the transaction.", $"The contract reverted: {error}."),
    };

    /// <summary>The role's name for the roles this API's calls need (MINTER_ROLE for registrations and transfers, the operator's two), else its hash.</summary>
    private static string RoleName(string? hash) =>
        hash is null ? "a role"
        : Formats.SameAddress(hash, Formats.ToHex(OperatorEncoding.PauserRole)) ? "PAUSER_ROLE"
        : Formats.SameAddress(hash, Formats.ToHex(OperatorEncoding.OperatorRole)) ? "OPERATOR_ROLE"
        : Formats.SameAddress(hash, Formats.ToHex(AuthorizationEncoding.Keccak("MINTER_ROLE"u8.ToArray()))) ? "MINTER_ROLE"
        : hash;

    /// <summary>The contract refused an expired authorisation: as a revert of the dry run, or as the problem of a mined revert.</summary>
    public static bool IsExpiry(Exception e) =>
        e is ContractRevertedException { Error.Name: "AuthorizationExpired" } or ApiProblemException { Slug: "authorization-expired" };

    /// <summary>
    /// An expiry told by who set the deadline. The client's own (<paramref name="clientDeadline"/>): 400 naming
    /// 'deadline', with the chain's clock, which is what the contract compares it with. One this API set for a
    /// custodial account: the client sent no deadline, so no field is named; 503, since sending again signs anew.
    /// </summary>
    public static ApiProblemException Expired(Exception refusal, long? clientDeadline, long chainTimeUnix, long chainOffsetSeconds)
    {
        var extensions = new Dictionary<string, object?>((refusal as ApiProblemException)?.Extensions ?? new Dictionary<string, object?>())
        {
            ["chainTime"] = DateTimeOffset.FromUnixTimeSeconds(chainTimeUnix),
        };
        var clocks = chainOffsetSeconds > 0 ? $", {chainOffsetSeconds} s ahead of this server's clock" : "";
        if (clientDeadline is { } deadline)
            return new(400, "authorization-expired", "The authorisation has expired.",
                $"The deadline {deadline} has passed on the chain: its latest block is stamped {chainTimeUnix}{clocks}. " +
                "Sign again with a later deadline.", "deadline", extensions);
        return new(503, "authorization-expired", "The authorisation this service signed has expired.",
            $"The chain's clock passed the deadline this service set for the account's authorisation (the chain's latest block is stamped " +
            $"{chainTimeUnix}{clocks}). Nothing was registered or transferred; send the request again.", null, extensions);
    }

    /// <summary><see cref="Expired"/> with the chain's clock read now: what every write handler answers an expiry with.</summary>
    public static async Task<ApiProblemException> ExpiredAsync(Exception refusal, long? clientDeadline, ChainClock chainClock, CancellationToken ct)
    {
        var chainTime = await chainClock.ReadAsync(ct);
        return Expired(refusal, clientDeadline, chainTime.BlockTime.ToUnixTimeSeconds(), chainTime.OffsetSeconds);
    }

    /// <summary>409: the token's hold (the work's, or the collection's minimum) has not run out.</summary>
    public static ApiProblemException TransferNotAllowedYet(long tokenId, long transferableAtUnix) =>
        new(409, ProblemTypes.TransferNotAllowedYet, "The token cannot be passed on yet.",
            $"Token {tokenId} is held until {DateTimeOffset.FromUnixTimeSeconds(transferableAtUnix):u}; it can be transferred from then on.", "tokenId",
            new Dictionary<string, object?> { ["tokenId"] = tokenId, ["transferableAt"] = DateTimeOffset.FromUnixTimeSeconds(transferableAtUnix) });

    /// <summary>403: the collection's operator froze the token.</summary>
    public static ApiProblemException TokenFrozen(long tokenId, int reasonCode) =>
        new(403, ProblemTypes.TokenFrozen, "The token is frozen.",
            $"The collection's operator froze token {tokenId} (reason code {reasonCode}); no transfer is possible until it is unfrozen.", "tokenId",
            new Dictionary<string, object?> { ["tokenId"] = tokenId, ["reasonCode"] = reasonCode });

    /// <summary>403: the creator made the work never transferable (ERC-5192 locked).</summary>
    public static ApiProblemException TokenLocked(long tokenId) =>
        new(403, ProblemTypes.TokenLocked, "The token can never be transferred.",
            $"Token {tokenId} belongs to a work its creator made non-transferable.", "tokenId",
            new Dictionary<string, object?> { ["tokenId"] = tokenId });

    public static ApiProblemException Duplicate(string contentHash, long tokenId) =>
        new(409, "duplicate-work", "These bytes are already registered.",
            $"Content {contentHash} is already registered as token {tokenId}.", "file",
            new Dictionary<string, object?> { ["tokenId"] = tokenId, ["contentHash"] = contentHash });
}
