using System.Numerics;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;

namespace DigitalCollections.Api.Proofs;

/// <summary>
/// Builds a bundle at one block from one eth_getProof of every word that holds the token's facts: the three words
/// of a unique work (format 1), or the seven of an edition token (the layout file's <c>editionProof.words</c>), sent
/// through <see cref="ProofBatcher"/> so concurrent bundles at one block share the node's call.
/// </summary>
public sealed class WorkProofBuilder(ProofBatcher proofs, Deployment deployment)
{
    public const string UniqueFormat = "digitalcollections-work-proof/1";
    public const string EditionFormat = "digitalcollections-edition-proof/1";

    private static readonly StorageEntry TokenEntry = WorkStorageLayout.Entry(WorkStorageLayout.Token);
    private static readonly StorageEntry HashEntry = WorkStorageLayout.Entry(WorkStorageLayout.ContentHash);
    private static readonly StorageEntry RegistrationEntry = WorkStorageLayout.Entry(WorkStorageLayout.Registration);
    private static readonly StorageEntry EditionTokenEntry = WorkStorageLayout.Entry(WorkStorageLayout.EditionToken);
    private static readonly StorageEntry GroupEntry = WorkStorageLayout.Entry(WorkStorageLayout.Group);
    private static readonly StorageEntry EditionEntry = WorkStorageLayout.Entry(WorkStorageLayout.Edition);
    private static readonly StorageEntry FactsEntry = WorkStorageLayout.Entry(WorkStorageLayout.EditionFacts);
    private static readonly StorageEntry FreezeEntry = WorkStorageLayout.Entry(WorkStorageLayout.Freeze);

    /// <summary>Whether a non-zero <c>_tokens</c> word is an edition token's (its editionFlag bit set).</summary>
    public static bool IsEditionWord(BigInteger word) => !WorkStorageLayout.Field(EditionTokenEntry, "editionFlag", word).IsZero;

    /// <summary>
    /// Whether the token is a minted token of the edition starting at <paramref name="first"/>, given its own word
    /// and the edition's: a word with the edition flag, or no word and a number within the minted count.
    /// </summary>
    public static bool EditionHolds(long tokenId, long first, BigInteger tokenWord, BigInteger editionWord) =>
        !editionWord.IsZero && first > 0 && first <= tokenId &&
        (tokenWord.IsZero ? tokenId - first < (long)WorkStorageLayout.Field(EditionEntry, "minted", editionWord) : IsEditionWord(tokenWord));

    public async Task<WorkProofBundle> UniqueAsync(long tokenId, byte[] contentHash, long block, CancellationToken ct)
    {
        var tokenKey = WorkStorageLayout.TokenKey(tokenId);
        var (proof, words, storage) = await ProveAsync([(TokenEntry, tokenKey), (HashEntry, tokenKey), (RegistrationEntry, contentHash)], block, ct);
        if (words[0].IsZero) throw NotYet(tokenId, block);
        var claims = new WorkProofClaims(
            Address(WorkStorageLayout.Field(TokenEntry, "owner", words[0])),
            Address(WorkStorageLayout.Field(RegistrationEntry, "creator", words[2])),
            Formats.ToHex(contentHash),
            (long)WorkStorageLayout.Field(TokenEntry, "registeredAt", words[0]),
            (int)WorkStorageLayout.Field(TokenEntry, "royaltyBps", words[0]),
            (long)WorkStorageLayout.Field(TokenEntry, "transferNonce", words[0]));
        return Bundle(UniqueFormat, tokenId, proof, storage, claims);
    }

    public async Task<WorkProofBundle> EditionAsync(long tokenId, long first, byte[] contentHash, long block, CancellationToken ct)
    {
        // The words and their keys as the layout file's editionProof lists them, so the bundle follows the file.
        var keyOf = new Dictionary<string, byte[]>
        {
            ["tokenId"] = WorkStorageLayout.TokenKey(tokenId),
            ["tokenId >> 6"] = WorkStorageLayout.TokenKey(tokenId >> WorkStorageLayout.GroupShift),
            ["firstTokenId"] = WorkStorageLayout.TokenKey(first),
            ["contentHash.contentHash"] = contentHash,
        };
        var (proof, proven, storage) = await ProveAsync(
            WorkStorageLayout.EditionProofWords.Select(w => (WorkStorageLayout.Entry(w.Name), keyOf[w.MappingKey])).ToArray(), block, ct);
        var words = WorkStorageLayout.EditionProofWords.Select((w, i) => (w.Name, Word: proven[i])).ToDictionary(x => x.Name, x => x.Word);
        var (token, group, edition, facts, registration, freeze) = (words[WorkStorageLayout.EditionToken], words[WorkStorageLayout.Group],
            words[WorkStorageLayout.Edition], words[WorkStorageLayout.EditionFacts], words[WorkStorageLayout.Registration], words[WorkStorageLayout.Freeze]);
        if (WorkStorageLayout.FirstTokenOf(group, tokenId) != first || !EditionHolds(tokenId, first, token, edition)) throw NotYet(tokenId, block);

        var moved = !token.IsZero;
        var claims = new WorkProofClaims(
            Address(moved ? WorkStorageLayout.Field(EditionTokenEntry, "owner", token) : WorkStorageLayout.Field(EditionEntry, "firstOwner", edition)),
            Address(WorkStorageLayout.Field(RegistrationEntry, "creator", registration)),
            Formats.ToHex(contentHash),
            (long)WorkStorageLayout.Field(FactsEntry, "registeredAt", facts),
            (int)WorkStorageLayout.Field(FactsEntry, "royaltyBps", facts),
            (long)WorkStorageLayout.Field(EditionTokenEntry, "transferNonce", token))
        {
            Edition = new EditionProofClaims(
                first,
                tokenId - first + 1,
                (long)WorkStorageLayout.Field(FactsEntry, "size", facts),
                moved ? WorkStorageLayout.EditionToken : WorkStorageLayout.Edition,
                (long)(moved ? WorkStorageLayout.Field(EditionTokenEntry, "arrivedAt", token) : WorkStorageLayout.Field(GroupEntry, "mintedAt", group)),
                (long)WorkStorageLayout.Field(EditionEntry, "holdSeconds", edition),
                WorkStorageLayout.Field(EditionEntry, "locked", edition).IsZero,
                !WorkStorageLayout.Field(FreezeEntry, "frozen", freeze).IsZero,
                (long)WorkStorageLayout.Field(FreezeEntry, "reasonCode", freeze)),
        };
        return Bundle(EditionFormat, tokenId, proof, storage, claims);
    }

    private async Task<(StateProof Proof, List<BigInteger> Words, List<ProofSlot> Storage)> ProveAsync(
        (StorageEntry Entry, byte[] Key)[] keys, long block, CancellationToken ct)
    {
        var slots = keys.Select(k => WorkStorageLayout.SlotOf(k.Entry, k.Key)).ToList();
        var proof = await proofs.GetProofAsync(slots, block, ct)
            ?? throw ApiProblemException.BadRequest("block", $"The node has no block {block}.");
        var words = proof.Account.Storage.Select(s => ChainDecoder.BigQuantity(s.Value)).ToList();
        var storage = keys.Select((k, i) => new ProofSlot(k.Entry.Name, k.Entry.Variable, k.Entry.BaseSlot, k.Entry.Key, k.Entry.KeyType,
            Formats.ToHex(k.Key), slots[i], proof.Account.Storage[i].Value, proof.Account.Storage[i].Proof, k.Entry.Fields)).ToList();
        return (proof, words, storage);
    }

    private WorkProofBundle Bundle(string format, long tokenId, StateProof proof, List<ProofSlot> storage, WorkProofClaims claims)
    {
        var account = proof.Account;
        return new WorkProofBundle(format, deployment.ChainId, ChainKeys.Checksum(deployment.ContractAddress), tokenId,
            new ProofBlock(proof.Block.Number, proof.Block.Hash, new OrderedDictionary<string, string>(proof.Block.Header)),
            new ProofAccount(ChainKeys.Checksum(account.Address), account.Nonce, account.Balance, account.StorageHash, account.CodeHash, account.Proof),
            storage, claims);
    }

    private static ApiProblemException NotYet(long tokenId, long block) => ApiProblemException.NotFound("work", "block",
        $"Token {tokenId} was not registered yet at block {block}; it exists at later blocks.");

    // "x40" pads to 40 digits and may lead with a sign digit "0" when bit 159 is set: the last 40 are the address.
    private static string Address(BigInteger value) => ChainKeys.Checksum("0x" + value.ToString("x40")[^40..]);
}
