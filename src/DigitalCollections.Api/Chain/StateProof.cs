namespace DigitalCollections.Api.Chain;

/// <summary>A block's header (its fields in the order they are hashed) and the contract's proofs at it.</summary>
public sealed record StateProof(ProvenBlock Block, AccountProof Account);

/// <summary>
/// A block with every header field its hash is computed from, named as JSON-RPC names them, in RLP order:
/// keccak256(rlp(values)) is the block hash.
/// </summary>
public sealed record ProvenBlock(long Number, string Hash, IReadOnlyList<KeyValuePair<string, string>> Header);

/// <summary>An account's state (EIP-1186) and the trie nodes from the state root down to it.</summary>
public sealed record AccountProof(string Address, string Nonce, string Balance, string StorageHash, string CodeHash,
    IReadOnlyList<string> Proof, IReadOnlyList<SlotProof> Storage);

/// <summary>A storage slot's value and the trie nodes from the account's storage root down to it.</summary>
public sealed record SlotProof(string Slot, string Value, IReadOnlyList<string> Proof);
