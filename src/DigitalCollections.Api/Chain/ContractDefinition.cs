using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace DigitalCollections.Api.Chain;

// Nethereum bindings for contracts/DigitalCollection.sol. A unit test compares every
// [Function]/[Event]/[Error] here with the compiled ABI, so a drift fails the build's tests.

/// <summary>
/// The ABI tuple of <see cref="MintAuthorization"/>, every field as wide as the contract's type: the reference
/// Nethereum's encoders are tested against, and the form a uint256 wider than the API's records travels in.
/// </summary>
[Struct("MintAuthorization")]
public class MintAuthorizationAbi
{
    [Parameter("address", "creator", 1)] public string Creator { get; set; } = "";
    [Parameter("address", "to", 2)] public string To { get; set; } = "";
    [Parameter("bytes32", "contentHash", 3)] public byte[] ContentHash { get; set; } = [];
    [Parameter("uint96", "royaltyBps", 4)] public BigInteger RoyaltyBps { get; set; }
    [Parameter("uint256", "deadline", 5)] public BigInteger Deadline { get; set; }

    public static MintAuthorizationAbi Of(MintAuthorization m) => new()
    {
        Creator = m.Creator, To = m.To, ContentHash = Formats.FromHex(m.ContentHash), RoyaltyBps = m.RoyaltyBps, Deadline = m.Deadline,
    };
}

/// <summary>The ABI tuple of <see cref="TransferAuthorization"/>, like <see cref="MintAuthorizationAbi"/>.</summary>
[Struct("TransferAuthorization")]
public class TransferAuthorizationAbi
{
    [Parameter("address", "from", 1)] public string From { get; set; } = "";
    [Parameter("address", "to", 2)] public string To { get; set; } = "";
    [Parameter("uint256", "tokenId", 3)] public BigInteger TokenId { get; set; }
    [Parameter("uint256", "nonce", 4)] public BigInteger Nonce { get; set; }
    [Parameter("uint256", "deadline", 5)] public BigInteger Deadline { get; set; }

    public static TransferAuthorizationAbi Of(TransferAuthorization t) => new()
    {
        From = t.From, To = t.To, TokenId = t.TokenId, Nonce = t.Nonce, Deadline = t.Deadline,
    };
}

[Struct("Work")]
public class WorkStruct
{
    [Parameter("address", "creator", 1)] public string Creator { get; set; } = "";
    [Parameter("uint64", "registeredAt", 2)] public ulong RegisteredAt { get; set; }
    [Parameter("bytes32", "contentHash", 3)] public byte[] ContentHash { get; set; } = [];
}

[Function("mintWork", "uint256")]
public class MintWorkFunction : FunctionMessage
{
    [Parameter("tuple", "auth", 1)] public MintAuthorizationAbi Auth { get; set; } = new();
    [Parameter("bytes", "signature", 2)] public byte[] Signature { get; set; } = [];
}

[Function("transferWithAuthorization")]
public class TransferWithAuthorizationFunction : FunctionMessage
{
    [Parameter("tuple", "auth", 1)] public TransferAuthorizationAbi Auth { get; set; } = new();
    [Parameter("bytes", "signature", 2)] public byte[] Signature { get; set; } = [];
}

[Function("mintWorks", "uint256[]")]
public class MintWorksFunction : FunctionMessage
{
    [Parameter("tuple[]", "auths", 1)] public List<MintAuthorizationAbi> Auths { get; set; } = [];
    [Parameter("bytes[]", "signatures", 2)] public List<byte[]> Signatures { get; set; } = [];
}

[Function("transferWithAuthorizations", "bool[]")]
public class TransferWithAuthorizationsFunction : FunctionMessage
{
    [Parameter("tuple[]", "auths", 1)] public List<TransferAuthorizationAbi> Auths { get; set; } = [];
    [Parameter("bytes[]", "signatures", 2)] public List<byte[]> Signatures { get; set; } = [];
}

[Function("workOf", typeof(WorkOfOutput))]
public class WorkOfFunction : FunctionMessage
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
}

[FunctionOutput]
public class WorkOfOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public WorkStruct Work { get; set; } = new();
}

[Function("tokenOfContent", "uint256")]
public class TokenOfContentFunction : FunctionMessage
{
    [Parameter("bytes32", "contentHash", 1)] public byte[] ContentHash { get; set; } = [];
}

[Function("transferNonce", "uint256")]
public class TransferNonceFunction : FunctionMessage
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
}

[Function("totalWorks", "uint256")]
public class TotalWorksFunction : FunctionMessage;

[Function("ownerOf", "address")]
public class OwnerOfFunction : FunctionMessage
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
}

[Function("royaltyInfo", typeof(RoyaltyInfoOutput))]
public class RoyaltyInfoFunction : FunctionMessage
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
    [Parameter("uint256", "salePrice", 2)] public BigInteger SalePrice { get; set; }
}

[FunctionOutput]
public class RoyaltyInfoOutput : IFunctionOutputDTO
{
    [Parameter("address", "receiver", 1)] public string Receiver { get; set; } = "";
    [Parameter("uint256", "royaltyAmount", 2)] public BigInteger RoyaltyAmount { get; set; }
}

[Function("tokenURI", "string")]
public class TokenUriFunction : FunctionMessage
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
}

[Function("name", "string")]
public class NameFunction : FunctionMessage;

[Function("hashMintAuthorization", "bytes32")]
public class HashMintAuthorizationFunction : FunctionMessage
{
    [Parameter("tuple", "auth", 1)] public MintAuthorizationAbi Auth { get; set; } = new();
}

[Function("hashTransferAuthorization", "bytes32")]
public class HashTransferAuthorizationFunction : FunctionMessage
{
    [Parameter("tuple", "auth", 1)] public TransferAuthorizationAbi Auth { get; set; } = new();
}

[Function("eip712Domain", typeof(Eip712DomainOutput))]
public class Eip712DomainFunction : FunctionMessage;

[FunctionOutput]
public class Eip712DomainOutput : IFunctionOutputDTO
{
    [Parameter("bytes1", "fields", 1)] public byte[] Fields { get; set; } = [];
    [Parameter("string", "name", 2)] public string Name { get; set; } = "";
    [Parameter("string", "version", 3)] public string Version { get; set; } = "";
    [Parameter("uint256", "chainId", 4)] public BigInteger ChainId { get; set; }
    [Parameter("address", "verifyingContract", 5)] public string VerifyingContract { get; set; } = "";
    [Parameter("bytes32", "salt", 6)] public byte[] Salt { get; set; } = [];
    [Parameter("uint256[]", "extensions", 7)] public List<BigInteger> Extensions { get; set; } = [];
}

[Function("hasRole", "bool")]
public class HasRoleFunction : FunctionMessage
{
    [Parameter("bytes32", "role", 1)] public byte[] Role { get; set; } = [];
    [Parameter("address", "account", 2)] public string Account { get; set; } = "";
}

[Function("MINTER_ROLE", "bytes32")]
public class MinterRoleFunction : FunctionMessage;

[Event("Transfer")]
public class TransferEventDto : IEventDTO
{
    [Parameter("address", "from", 1, true)] public string From { get; set; } = "";
    [Parameter("address", "to", 2, true)] public string To { get; set; } = "";
    [Parameter("uint256", "tokenId", 3, true)] public BigInteger TokenId { get; set; }
}

[Event("WorkRegistered")]
public class WorkRegisteredEventDto : IEventDTO
{
    [Parameter("uint256", "tokenId", 1, true)] public BigInteger TokenId { get; set; }
    [Parameter("address", "creator", 2, true)] public string Creator { get; set; } = "";
    [Parameter("bytes32", "contentHash", 3, true)] public byte[] ContentHash { get; set; } = [];
}

[Event("MintSkipped")]
public class MintSkippedEventDto : IEventDTO
{
    [Parameter("uint256", "index", 1, true)] public BigInteger Index { get; set; }
    [Parameter("bytes32", "contentHash", 2, false)] public byte[] ContentHash { get; set; } = [];
    [Parameter("bytes4", "reason", 3, false)] public byte[] Reason { get; set; } = [];
}

[Event("TransferSkipped")]
public class TransferSkippedEventDto : IEventDTO
{
    [Parameter("uint256", "index", 1, true)] public BigInteger Index { get; set; }
    [Parameter("uint256", "tokenId", 2, false)] public BigInteger TokenId { get; set; }
    [Parameter("bytes4", "reason", 3, false)] public byte[] Reason { get; set; } = [];
}

// Custom errors the API decodes from reverts.
[Error("WorkAlreadyRegistered")]
public class WorkAlreadyRegisteredError
{
    [Parameter("bytes32", "contentHash", 1)] public byte[] ContentHash { get; set; } = [];
    [Parameter("uint256", "tokenId", 2)] public BigInteger TokenId { get; set; }
}

[Error("InvalidSignature")]
public class InvalidSignatureError;

[Error("AuthorizationExpired")]
public class AuthorizationExpiredError
{
    [Parameter("uint256", "deadline", 1)] public BigInteger Deadline { get; set; }
}

[Error("ZeroContentHash")]
public class ZeroContentHashError;

[Error("ZeroCreator")]
public class ZeroCreatorError;

[Error("RoyaltyTooHigh")]
public class RoyaltyTooHighError
{
    [Parameter("uint96", "royaltyBps", 1)] public BigInteger RoyaltyBps { get; set; }
    [Parameter("uint96", "maxRoyaltyBps", 2)] public BigInteger MaxRoyaltyBps { get; set; }
}

[Error("InvalidTransferNonce")]
public class InvalidTransferNonceError
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
    [Parameter("uint256", "expectedNonce", 2)] public BigInteger ExpectedNonce { get; set; }
    [Parameter("uint256", "providedNonce", 3)] public BigInteger ProvidedNonce { get; set; }
}

[Error("InvalidMetadataNonce")]
public class InvalidMetadataNonceError
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
    [Parameter("uint256", "expectedNonce", 2)] public BigInteger ExpectedNonce { get; set; }
    [Parameter("uint256", "providedNonce", 3)] public BigInteger ProvidedNonce { get; set; }
}

[Error("ERC721NonexistentToken")]
public class NonexistentTokenError
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
}

[Error("ERC721IncorrectOwner")]
public class IncorrectOwnerError
{
    [Parameter("address", "sender", 1)] public string Sender { get; set; } = "";
    [Parameter("uint256", "tokenId", 2)] public BigInteger TokenId { get; set; }
    [Parameter("address", "owner", 3)] public string Owner { get; set; } = "";
}

[Error("ERC721InvalidReceiver")]
public class InvalidReceiverError
{
    [Parameter("address", "receiver", 1)] public string Receiver { get; set; } = "";
}

[Error("EnforcedPause")]
public class EnforcedPauseError;

[Error("AccessControlUnauthorizedAccount")]
public class UnauthorizedAccountError
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = "";
    [Parameter("bytes32", "neededRole", 2)] public byte[] NeededRole { get; set; } = [];
}
