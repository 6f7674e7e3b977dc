using System.Numerics;
using System.Text.Json;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Merkle.Patricia;
using Nethereum.Model;
using Nethereum.Util;
using DigitalCollections.Api.Chain;

namespace DigitalCollections.IntegrationTests.Proofs;

/// <summary>
/// A second verifier of proof bundles, written on Nethereum's Patricia-trie verification (the first is
/// scripts/verify-proof.js): every bundle the tests fetch is checked by both, so the two agree.
/// </summary>
internal static class ProofBundleChecker
{
    private static readonly HashSet<string> Quantities = ["difficulty", "number", "gasLimit", "gasUsed", "timestamp", "baseFeePerGas", "blobGasUsed", "excessBlobGas"];

    /// <summary>Each check by name and whether it held, against a block hash obtained elsewhere.</summary>
    public static List<(string Check, bool Passed)> Check(JsonElement bundle, string blockHash)
    {
        var results = new List<(string, bool)>();
        var block = bundle.GetProperty("block");
        var header = block.GetProperty("header").EnumerateObject().ToList();
        var rlp = Nethereum.RLP.RLP.EncodeList(header.Select(f => Nethereum.RLP.RLP.EncodeElement(FieldBytes(f.Name, f.Value.GetString()!))).ToArray());
        results.Add(("header hash", Sha3Keccack.Current.CalculateHash(rlp).ToHex(true).Equals(blockHash, StringComparison.OrdinalIgnoreCase)));

        var stateRoot = header.First(f => f.Name == "stateRoot").Value.GetString()!.HexToByteArray();
        var account = bundle.GetProperty("account");
        var model = new Account
        {
            Nonce = Big(account.GetProperty("nonce").GetString()!),
            Balance = Big(account.GetProperty("balance").GetString()!),
            StateRoot = account.GetProperty("storageHash").GetString()!.HexToByteArray(),
            CodeHash = account.GetProperty("codeHash").GetString()!.HexToByteArray(),
        };
        results.Add(("account proof", Safe(() => AccountProofVerification.VerifyAccountProofs(bundle.GetProperty("contract").GetString()!,
            stateRoot, Nodes(account.GetProperty("proof")), model))));

        var edition = bundle.GetProperty("format").GetString() == "digitalcollections-edition-proof/1";
        var words = new Dictionary<string, BigInteger>();
        foreach (var slot in bundle.GetProperty("storage").EnumerateArray())
        {
            var name = slot.GetProperty("name").GetString()!;
            var key = slot.GetProperty("slot").GetString()!;
            var value = slot.GetProperty("value").GetString()!;
            // The base slot is the contract's (the layout file the contract tests pin), not the bundle's word for it.
            var baseSlot = WorkStorageLayout.Entry(name).BaseSlot;
            var derived = Sha3Keccack.Current.CalculateHash(slot.GetProperty("mappingKey").GetString()!.HexToByteArray().PadTo32()
                .Concat(new BigInteger(baseSlot).ToByteArray(true, true).PadTo32()).ToArray()).ToHex(true);
            results.Add(($"{name} slot derivation", derived.Equals(key, StringComparison.OrdinalIgnoreCase)));
            // The words contracts/DigitalCollection.storage.json's editionProof marks mayBeZero: an edition token's own and its freeze.
            var mayBeZero = edition && name is "editionToken" or "freeze";
            results.Add(($"{name} storage proof", Safe(() => StorageProofHolds(model.StateRoot, key.HexToByteArray(), Big(value),
                Nodes(slot.GetProperty("proof")), mayBeZero))));
            words[name] = Big(value);
        }

        var claims = bundle.GetProperty("claims");
        var tokenId = bundle.GetProperty("tokenId").GetInt64();
        results.Add(("account address", account.GetProperty("address").GetString()!.Equals(bundle.GetProperty("contract").GetString(),
            StringComparison.OrdinalIgnoreCase)));
        if (edition)
        {
            EditionBundleChecker.Check(bundle, words, results);
            return results;
        }
        var tokenKey = Key(tokenId);
        foreach (var name in new[] { "token", "contentHash" })
        {
            results.Add(($"{name} key", bundle.GetProperty("storage").EnumerateArray().First(s => s.GetProperty("name").GetString() == name)
                .GetProperty("mappingKey").GetString()!.Equals(tokenKey, StringComparison.OrdinalIgnoreCase)));
        }
        var token = words["token"];
        results.Add(("unique work", ((token >> 215) & 1).IsZero)); // editionFlag: an edition token's word has its own bundle
        results.Add(("owner", Address(token & ((BigInteger.One << 160) - 1)).Equals(claims.GetProperty("owner").GetString(), StringComparison.OrdinalIgnoreCase)));
        results.Add(("registered at", (long)((token >> 160) & ((BigInteger.One << 40) - 1)) == claims.GetProperty("registeredAt").GetInt64()));
        results.Add(("royalty", (int)((token >> 200) & 0xFFFF) == claims.GetProperty("royaltyBps").GetInt32()));
        results.Add(("transfer nonce", (long)(token >> 216) == claims.GetProperty("transferNonce").GetInt64()));
        results.Add(("content hash", words["contentHash"].ToByteArray(true, true).PadTo32().ToHex(true)
            .Equals(claims.GetProperty("contentHash").GetString(), StringComparison.OrdinalIgnoreCase)));
        var registration = words["registration"];
        results.Add(("registration key", bundle.GetProperty("storage").EnumerateArray().First(s => s.GetProperty("name").GetString() == "registration")
            .GetProperty("mappingKey").GetString()!.Equals(claims.GetProperty("contentHash").GetString(), StringComparison.OrdinalIgnoreCase)));
        results.Add(("registration token", (long)(registration & ((BigInteger.One << 96) - 1)) == tokenId));
        results.Add(("creator", Address(registration >> 96).Equals(claims.GetProperty("creator").GetString(), StringComparison.OrdinalIgnoreCase)));
        return results;
    }

    /// <summary>
    /// The value under keccak256(slot) in the storage trie rebuilt from the proof's nodes (each found by its hash,
    /// from the storage root down) is RLP(value). Nethereum 6.1.0's StorageProofVerification encodes the key
    /// differently from eth_getProof's slots and fails every proof Hardhat serves, so its trie is used directly.
    /// </summary>
    private static bool StorageProofHolds(byte[] storageRoot, byte[] slot, BigInteger value, List<byte[]> nodes, bool mayBeZero)
    {
        var storage = new InMemoryTrieStorage();
        foreach (var node in nodes) storage.Put(Sha3Keccack.Current.CalculateHash(node), node);
        var found = new PatriciaTrie(storageRoot).Get(Sha3Keccack.Current.CalculateHash(slot), storage);
        if (found is null || found.Length == 0) return mayBeZero && value.IsZero && AbsenceProven(storageRoot, slot, nodes);
        return !value.IsZero && found.SequenceEqual(Nethereum.RLP.RLP.EncodeElement(Minimal(value)));
    }

    /// <summary>
    /// An empty slot is proven by walking the proof's nodes from the storage root along keccak256(slot) to where the
    /// path ends without a value: Nethereum's trie also answers "absent" when a node it looks for is not among the
    /// given ones, so a proof cut short or with a changed node must not pass as a proof of absence.
    /// </summary>
    private static bool AbsenceProven(byte[] storageRoot, byte[] slot, List<byte[]> nodes)
    {
        var byHash = nodes.ToDictionary(n => Convert.ToHexString(Sha3Keccack.Current.CalculateHash(n)), n => n);
        var path = Sha3Keccack.Current.CalculateHash(slot).SelectMany(b => new[] { b >> 4, b & 15 }).ToArray();
        var at = 0;
        Nethereum.RLP.IRLPElement reference = new Nethereum.RLP.RLPItem(storageRoot);
        for (var depth = 0; depth < 130; depth++)
        {
            Nethereum.RLP.RLPCollection node;
            if (reference is Nethereum.RLP.RLPCollection embedded) node = embedded; // a node under 32 bytes, inside its parent
            else if (reference.RLPData is { Length: 32 } hash && byHash.TryGetValue(Convert.ToHexString(hash), out var encoded))
                node = (Nethereum.RLP.RLPCollection)Nethereum.RLP.RLP.Decode(encoded);
            else return false; // a missing node: nothing is proven
            if (node.Count == 17)
            {
                if (at == path.Length) return (node[16].RLPData?.Length ?? 0) == 0;
                var child = node[path[at++]];
                if (child is not Nethereum.RLP.RLPCollection && (child.RLPData?.Length ?? 0) == 0) return true; // no branch there
                reference = child;
            }
            else if (node.Count == 2)
            {
                var key = node[0].RLPData ?? [];
                var nibbles = key.SelectMany(b => new[] { b >> 4, b & 15 }).ToArray();
                var flag = nibbles.Length > 0 ? nibbles[0] : 0;
                var part = nibbles.Skip((flag & 1) == 1 ? 1 : 2).ToArray();
                var matches = at + part.Length <= path.Length && part.Select((n, i) => path[at + i] == n).All(x => x);
                if (flag >= 2) return !matches || at + part.Length != path.Length; // a leaf: of another key, or this key's (present)
                if (!matches) return true; // an extension leading elsewhere
                at += part.Length;
                reference = node[1];
            }
            else return false;
        }
        return false;
    }

    /// <summary>A number as the 32-byte key of a uint256 mapping, as 0x-hex.</summary>
    internal static string Key(BigInteger value) => value.ToByteArray(true, true).PadTo32().ToHex(true);

    private static bool Safe(Func<bool> check)
    {
        try { return check(); }
        catch (Exception) { return false; } // a malformed node is a failed check, not a crash
    }

    private static byte[] FieldBytes(string name, string hex) => Quantities.Contains(name) ? Minimal(Big(hex)) : hex.HexToByteArray();

    private static BigInteger Big(string hex) => hex.HexToBigInteger(false);

    private static byte[] Minimal(BigInteger value) => value.IsZero ? [] : value.ToByteArray(true, true);

    private static List<byte[]> Nodes(JsonElement array) => array.EnumerateArray().Select(n => n.GetString()!.HexToByteArray()).ToList();

    internal static string Address(BigInteger value) => "0x" + Convert.ToHexStringLower(value.ToByteArray(true, true).PadTo(20));

    internal static byte[] PadTo32(this byte[] bytes) => bytes.PadTo(32);

    private static byte[] PadTo(this byte[] bytes, int length)
    {
        if (bytes.Length >= length) return bytes[^length..];
        var padded = new byte[length];
        bytes.CopyTo(padded, length - bytes.Length);
        return padded;
    }
}
