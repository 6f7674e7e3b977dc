using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace DigitalCollections.Api.Chain;

// Bindings of the contract's editions, circulation rules and metadata announcements
// (contracts/IDigitalCollectionEditions.sol). The selectors and topics come from these; the calls and answers
// are encoded by hand (EditionEncoding, ContractReader, ChainDecoder). A unit test holds them to the compiled ABI.

[Struct("EditionAuthorization")]
public class EditionAuthorizationAbi
{
    [Parameter("address", "creator", 1)] public string Creator { get; set; } = "";
    [Parameter("address", "to", 2)] public string To { get; set; } = "";
    [Parameter("bytes32", "contentHash", 3)] public byte[] ContentHash { get; set; } = [];
    [Parameter("uint96", "royaltyBps", 4)] public BigInteger RoyaltyBps { get; set; }
    [Parameter("uint32", "editionSize", 5)] public uint EditionSize { get; set; }
    [Parameter("uint64", "holdSeconds", 6)] public ulong HoldSeconds { get; set; }
    [Parameter("bool", "transferable", 7)] public bool Transferable { get; set; }
    [Parameter("uint256", "deadline", 8)] public BigInteger Deadline { get; set; }
}

[Function("mintEdition", "uint256")]
public class MintEditionFunction : FunctionMessage
{
    [Parameter("tuple", "auth", 1)] public EditionAuthorizationAbi Auth { get; set; } = new();
    [Parameter("bytes", "signature", 2)] public byte[] Signature { get; set; } = [];
    [Parameter("uint32", "count", 3)] public uint Count { get; set; }
}

[Function("mintEditionTo", "uint256")]
public class MintEditionToFunction : FunctionMessage
{
    [Parameter("tuple", "auth", 1)] public EditionAuthorizationAbi Auth { get; set; } = new();
    [Parameter("bytes", "signature", 2)] public byte[] Signature { get; set; } = [];
    [Parameter("address[]", "recipients", 3)] public List<string> Recipients { get; set; } = [];
    [Parameter("bytes", "recipientsSignature", 4)] public byte[] RecipientsSignature { get; set; } = [];
}

[Function("editionOf", typeof(EditionOfOutput))]
public class EditionOfFunction : FunctionMessage
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
}

[FunctionOutput]
public class EditionOfOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "firstTokenId", 1)] public BigInteger FirstTokenId { get; set; }
    [Parameter("uint32", "number", 2)] public uint Number { get; set; }
    [Parameter("uint32", "size", 3)] public uint Size { get; set; }
}

[Function("rulesOf", typeof(RulesOfOutput))]
public class RulesOfFunction : FunctionMessage
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
}

[FunctionOutput]
public class RulesOfOutput : IFunctionOutputDTO
{
    [Parameter("uint64", "holdSeconds", 1)] public ulong HoldSeconds { get; set; }
    [Parameter("bool", "transferable", 2)] public bool Transferable { get; set; }
}

[Function("transferableAt", "uint256")]
public class TransferableAtFunction : FunctionMessage
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
}

[Function("frozenReason", typeof(FrozenReasonOutput))]
public class FrozenReasonFunction : FunctionMessage
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
}

[FunctionOutput]
public class FrozenReasonOutput : IFunctionOutputDTO
{
    [Parameter("bool", "frozen", 1)] public bool Frozen { get; set; }
    [Parameter("uint32", "reasonCode", 2)] public uint ReasonCode { get; set; }
}

[Function("editionMinted", "uint32")]
public class EditionMintedFunction : FunctionMessage
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
}

[Function("locked", "bool")]
public class LockedFunction : FunctionMessage
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
}

[Function("freeze")]
public class FreezeFunction : FunctionMessage
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
    [Parameter("uint32", "reasonCode", 2)] public uint ReasonCode { get; set; }
}

[Function("unfreeze")]
public class UnfreezeFunction : FunctionMessage
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
}

[Event("EditionRegistered")]
public class EditionRegisteredEventDto : IEventDTO
{
    [Parameter("uint256", "firstTokenId", 1, true)] public BigInteger FirstTokenId { get; set; }
    [Parameter("address", "creator", 2, true)] public string Creator { get; set; } = "";
    [Parameter("bytes32", "contentHash", 3, true)] public byte[] ContentHash { get; set; } = [];
    [Parameter("uint32", "size", 4, false)] public uint Size { get; set; }
    [Parameter("uint64", "holdSeconds", 5, false)] public ulong HoldSeconds { get; set; }
    [Parameter("bool", "transferable", 6, false)] public bool Transferable { get; set; }
}

[Event("TokenFrozen")]
public class TokenFrozenEventDto : IEventDTO
{
    [Parameter("uint256", "tokenId", 1, true)] public BigInteger TokenId { get; set; }
    [Parameter("uint32", "reasonCode", 2, false)] public uint ReasonCode { get; set; }
}

[Event("TokenUnfrozen")]
public class TokenUnfrozenEventDto : IEventDTO
{
    [Parameter("uint256", "tokenId", 1, true)] public BigInteger TokenId { get; set; }
}

[Event("MinimumHoldChanged")]
public class MinimumHoldChangedEventDto : IEventDTO
{
    [Parameter("uint64", "holdSeconds", 1, false)] public ulong HoldSeconds { get; set; }
}

[Event("MetadataUpdate")]
public class MetadataUpdateEventDto : IEventDTO
{
    [Parameter("uint256", "_tokenId", 1, false)] public BigInteger TokenId { get; set; }
}

[Event("BatchMetadataUpdate")]
public class BatchMetadataUpdateEventDto : IEventDTO
{
    [Parameter("uint256", "_fromTokenId", 1, false)] public BigInteger FromTokenId { get; set; }
    [Parameter("uint256", "_toTokenId", 2, false)] public BigInteger ToTokenId { get; set; }
}

[Error("TokenHeld")]
public class TokenHeldError
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
    [Parameter("uint256", "transferableAt", 2)] public BigInteger TransferableAt { get; set; }
}

[Error("TokenIsFrozen")]
public class TokenIsFrozenError
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
    [Parameter("uint32", "reasonCode", 2)] public BigInteger ReasonCode { get; set; }
}

[Error("TokenLocked")]
public class TokenLockedError
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
}

[Error("InvalidEditionSize")]
public class InvalidEditionSizeError
{
    [Parameter("uint32", "editionSize", 1)] public BigInteger EditionSize { get; set; }
}

[Error("EditionExhausted")]
public class EditionExhaustedError
{
    [Parameter("uint256", "firstTokenId", 1)] public BigInteger FirstTokenId { get; set; }
    [Parameter("uint256", "remaining", 2)] public BigInteger Remaining { get; set; }
    [Parameter("uint256", "requested", 3)] public BigInteger Requested { get; set; }
}

[Error("HoldTooLong")]
public class HoldTooLongError
{
    [Parameter("uint64", "holdSeconds", 1)] public BigInteger HoldSeconds { get; set; }
    [Parameter("uint64", "maxHoldSeconds", 2)] public BigInteger MaxHoldSeconds { get; set; }
}
