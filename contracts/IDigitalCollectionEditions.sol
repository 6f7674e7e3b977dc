// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IDigitalCollectionEditions
 * @notice The types, events and errors of {DigitalCollection}'s editions, circulation rules and
 * metadata announcements, kept apart from the contract so that it reads as its behaviour.
 */
interface IDigitalCollectionEditions {
    /**
     * @notice A creator's authorization to register a work as a numbered edition of `editionSize`
     * tokens and to mint them, in one or several transactions.
     * @param creator The author of the work; must be the signer of the authorization.
     * @param to The first owner of every token that {DigitalCollection-mintEdition} mints.
     * @param contentHash SHA-256 of the work's bytes; must not be zero nor registered by another authorization.
     * @param royaltyBps ERC-2981 royalty for the creator, in basis points, for every token of the edition.
     * @param editionSize Number of tokens, numbered 1 to `editionSize` (at least 1).
     * @param holdSeconds A token cannot leave an owner until this long after it arrived.
     * @param transferable False: the tokens can never be transferred (ERC-5192 locked).
     * @param deadline Last timestamp (inclusive, in seconds) at which any call may use the authorization.
     */
    struct EditionAuthorization {
        address creator;
        address to;
        bytes32 contentHash;
        uint96 royaltyBps;
        uint32 editionSize;
        uint64 holdSeconds;
        bool transferable;
        uint256 deadline;
    }

    /**
     * @notice A creator's choice of the owners of the next numbers of an edition, one token each.
     * @param contentHash The edition's content hash.
     * @param firstNumber The edition number the first recipient receives (the next unminted one),
     * which makes the chunk single-use.
     * @param recipients The owners, in number order.
     */
    struct EditionRecipients {
        bytes32 contentHash;
        uint32 firstNumber;
        address[] recipients;
    }

    /**
     * @notice A creator's announcement that the metadata of a work changed.
     * @param tokenId Any token of the work.
     * @param metadataHash SHA-256 (or any digest the service chooses) of the new metadata document.
     * @param nonce Must equal {DigitalCollection-metadataNonce} of the work, which makes it single-use.
     * @param deadline Last timestamp (inclusive, in seconds) at which the announcement can be relayed.
     */
    struct MetadataChange {
        uint256 tokenId;
        bytes32 metadataHash;
        uint256 nonce;
        uint256 deadline;
    }

    /**
     * @notice Emitted when a content hash is registered as an edition and its token ids reserved,
     * before the `Transfer` of its first token.
     * @param firstTokenId Token id of number 1; number k is `firstTokenId + k - 1`.
     * @param creator The author of the work.
     * @param contentHash SHA-256 of the work's bytes.
     * @param size Number of tokens in the edition.
     * @param holdSeconds The work's hold after every arrival of a token.
     * @param transferable False when the tokens can never be transferred.
     */
    event EditionRegistered(
        uint256 indexed firstTokenId,
        address indexed creator,
        bytes32 indexed contentHash,
        uint32 size,
        uint64 holdSeconds,
        bool transferable
    );

    /**
     * @notice Emitted when the operator changed the collection's minimum hold.
     * @param holdSeconds The new minimum hold, applying to every token of every work.
     */
    event MinimumHoldChanged(uint64 holdSeconds);

    /**
     * @notice Emitted when the operator froze a token (also when it changed the reason of a frozen one).
     * @param tokenId The token.
     * @param reasonCode The operator's reason code.
     */
    event TokenFrozen(uint256 indexed tokenId, uint32 reasonCode);

    /**
     * @notice Emitted when the operator lifted a token's freeze.
     * @param tokenId The token.
     */
    event TokenUnfrozen(uint256 indexed tokenId);

    /**
     * @notice ERC-5192: emitted when a token became locked (minted non-transferable, or frozen).
     * @param tokenId The token.
     */
    event Locked(uint256 tokenId);

    /**
     * @notice ERC-5192: emitted when a frozen, otherwise transferable token was unfrozen.
     * @param tokenId The token.
     */
    event Unlocked(uint256 tokenId);

    /**
     * @notice ERC-4906: emitted when the metadata of a token changed.
     * @param _tokenId The token.
     */
    event MetadataUpdate(uint256 _tokenId);

    /**
     * @notice ERC-4906: emitted when the metadata of a range of tokens changed.
     * @param _fromTokenId The first token of the range.
     * @param _toTokenId The last token of the range (inclusive).
     */
    event BatchMetadataUpdate(uint256 _fromTokenId, uint256 _toTokenId);

    /**
     * @notice Emitted with ERC-4906's `MetadataUpdate` or `BatchMetadataUpdate` when a creator's
     * signed metadata change was announced.
     * @param tokenId The work's first token (its only token for a unique work).
     * @param creator The author who signed the change.
     * @param metadataHash The digest of the new metadata document.
     */
    event MetadataChanged(uint256 indexed tokenId, address indexed creator, bytes32 metadataHash);

    /**
     * @notice The token cannot leave its owner yet: its hold (the work's or the collection's
     * minimum, the longer) runs until `transferableAt`.
     * @param tokenId The token.
     * @param transferableAt The first timestamp at which the token can be transferred.
     */
    error TokenHeld(uint256 tokenId, uint256 transferableAt);

    /**
     * @notice The token is frozen by the operator.
     * @param tokenId The token.
     * @param reasonCode The operator's reason code.
     */
    error TokenIsFrozen(uint256 tokenId, uint32 reasonCode);

    /**
     * @notice The token's work is not transferable (ERC-5192 locked for good).
     * @param tokenId The token.
     */
    error TokenLocked(uint256 tokenId);

    /**
     * @notice The token is not frozen, so it cannot be unfrozen.
     * @param tokenId The token.
     */
    error TokenNotFrozen(uint256 tokenId);

    /**
     * @notice An edition must have at least one token.
     * @param editionSize The requested size.
     */
    error InvalidEditionSize(uint32 editionSize);

    /**
     * @notice The call asks for more tokens than the edition has left to mint.
     * @param firstTokenId The edition's first token.
     * @param remaining Tokens not minted yet.
     * @param requested Tokens the call asked for.
     */
    error EditionExhausted(uint256 firstTokenId, uint256 remaining, uint256 requested);

    /**
     * @notice A hold is longer than the contract can store.
     * @param holdSeconds The requested hold.
     * @param maxHoldSeconds The longest hold.
     */
    error HoldTooLong(uint64 holdSeconds, uint64 maxHoldSeconds);

    /**
     * @notice The metadata change's nonce is not the work's current metadata nonce.
     * @param tokenId The work's first token.
     * @param expectedNonce The work's current {DigitalCollection-metadataNonce}.
     * @param providedNonce The nonce in the change.
     */
    error InvalidMetadataNonce(uint256 tokenId, uint256 expectedNonce, uint256 providedNonce);

    /// @notice A batch's per-item entry point was called by someone else than the contract itself.
    error SelfCallOnly();
}
