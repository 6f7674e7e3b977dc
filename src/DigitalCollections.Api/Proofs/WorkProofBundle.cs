using System.Text.Json.Serialization;
using DigitalCollections.Api.Chain;

namespace DigitalCollections.Api.Proofs;

/// <summary>
/// Everything needed to check a work's on-chain facts against one block hash, with no ABI of ours and no call to
/// us: the block's header (its hash is keccak256 of the RLP of these fields), the contract's account proof
/// against the header's state root, the storage proofs of the words that hold the work's facts against the
/// account's storage root, how each word's slot is derived and packed, and the facts decoded.
/// </summary>
public sealed record WorkProofBundle(
    string Format,
    long ChainId,
    string Contract,
    long TokenId,
    ProofBlock Block,
    ProofAccount Account,
    IReadOnlyList<ProofSlot> Storage,
    WorkProofClaims Claims);

/// <summary>The block the proofs are taken at; <c>header</c> holds its hashed fields in RLP order.</summary>
public sealed record ProofBlock(long Number, string Hash, IReadOnlyDictionary<string, string> Header);

/// <summary>The contract's account (EIP-1186) and the state-trie nodes from the header's state root to it.</summary>
public sealed record ProofAccount(string Address, string Nonce, string Balance, string StorageHash, string CodeHash, IReadOnlyList<string> Proof);

/// <summary>
/// One storage word: the mapping it belongs to (<c>variable</c> at <c>baseSlot</c>), its key (<c>mappingKey</c>,
/// 32 bytes; <c>key</c> names which fact it is), its slot keccak256(mappingKey ++ pad32(baseSlot)), its value,
/// the trie nodes from the storage root to it, and the fields packed into it.
/// </summary>
public sealed record ProofSlot(
    string Name,
    string Variable,
    int BaseSlot,
    string Key,
    string KeyType,
    string MappingKey,
    string Slot,
    string Value,
    IReadOnlyList<string> Proof,
    IReadOnlyList<StorageField> Fields);

/// <summary>
/// The facts the proven words hold, decoded; a verifier decodes them itself and compares. For an edition token the
/// registration time and royalty are its edition's, and <c>edition</c> holds its place and rules (absent for a
/// unique work).
/// </summary>
public sealed record WorkProofClaims(
    string Owner,
    string Creator,
    string ContentHash,
    long RegisteredAt,
    int RoyaltyBps,
    long TransferNonce)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EditionProofClaims? Edition { get; init; }
}

/// <summary>
/// An edition token's place and rules: its edition's first token, its number and the size; which word its owner
/// comes from (<c>editionToken</c> once it has a word of its own, else <c>edition</c>, the first owner) and when it
/// arrived there; the work's hold and transferability; whether it is frozen and why.
/// </summary>
public sealed record EditionProofClaims(
    long FirstTokenId,
    long Number,
    long Size,
    string OwnerWord,
    long ArrivedAt,
    long HoldSeconds,
    bool Transferable,
    bool Frozen,
    long FreezeReason);
