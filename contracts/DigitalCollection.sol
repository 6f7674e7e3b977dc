// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC2981} from "@openzeppelin/contracts/token/common/ERC2981.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ERC721Utils} from "@openzeppelin/contracts/token/ERC721/utils/ERC721Utils.sol";
import {IDigitalCollectionEditions} from "./IDigitalCollectionEditions.sol";

/**
 * @title DigitalCollection
 * @notice On-chain registry of creator works. Every registered work is an ERC-721 token whose
 * creator, content hash (SHA-256 of the file's bytes) and registration time are stored on-chain.
 *
 * Trust model: a relayer holding {MINTER_ROLE} pays the gas, but it can neither forge authorship
 * nor move tokens it does not own:
 *
 * - {mintWork} requires the creator's EIP-712 signature over a {MintAuthorization};
 * - {transferWithAuthorization} requires the owner's EIP-712 signature over a
 *   {TransferAuthorization}, bound to the token's current {transferNonce}.
 *
 * Signatures are checked with OpenZeppelin's `SignatureChecker`, so both EOAs and ERC-1271
 * smart-contract wallets can be creators and owners. The EIP-712 domain is
 * `{name: name(), version: "1", chainId, verifyingContract: address(this)}` and is published
 * through ERC-5267 `eip712Domain()`.
 *
 * Token ids start at 1 and count up; one content hash can be registered only once.
 * While paused, minting and every kind of transfer are blocked; reads are never blocked.
 *
 * Storage: OpenZeppelin's ERC-721 logic (approvals, safe transfers, errors, events) is used as is,
 * but ownership and balances live in this contract's packed storage, reached through the
 * `_ownerOf`, `balanceOf` and `_update` overrides (OpenZeppelin's own `_owners`, `_balances` and
 * ERC-2981 token royalties are never written). A work costs three storage slots:
 *
 * - per token, one word: owner (bits 0-159), registration time (uint40, bits 160-199), royalty
 *   in basis points (uint16, bits 200-215) and transfer nonce (uint40, bits 216-255), so a
 *   transfer rewrites a single slot, nonce included;
 * - per token, its content hash;
 * - per content hash, its registration: token id (uint96, bits 0-95) and creator (bits 96-255).
 */
contract DigitalCollection is IDigitalCollectionEditions, ERC721, ERC2981, AccessControl, Pausable, EIP712 {
    /**
     * @notice A creator's authorization to register a work and mint its token.
     * @param creator The author of the work; must be the signer of the authorization.
     * @param to The first owner of the token.
     * @param contentHash SHA-256 of the work's bytes; must not be zero nor already registered.
     * @param royaltyBps ERC-2981 royalty for the creator, in basis points (at most {MAX_ROYALTY_BPS}).
     * @param deadline Last timestamp (inclusive, in seconds) at which the authorization can be used.
     */
    struct MintAuthorization {
        address creator;
        address to;
        bytes32 contentHash;
        uint96 royaltyBps;
        uint256 deadline;
    }

    /**
     * @notice An owner's authorization to transfer one token, relayed by anyone.
     * @param from The current owner of the token; must be the signer of the authorization.
     * @param to The new owner.
     * @param tokenId The token to transfer.
     * @param nonce Must equal {transferNonce} of the token, which makes the authorization single-use.
     * @param deadline Last timestamp (inclusive, in seconds) at which the authorization can be used.
     */
    struct TransferAuthorization {
        address from;
        address to;
        uint256 tokenId;
        uint256 nonce;
        uint256 deadline;
    }

    /**
     * @notice The immutable facts recorded for a registered work.
     * @param creator The author who signed the mint authorization.
     * @param registeredAt Timestamp of the block in which the work was registered.
     * @param contentHash SHA-256 of the work's bytes.
     */
    struct Work {
        address creator;
        uint64 registeredAt;
        bytes32 contentHash;
    }

    /// @notice Role allowed to relay {mintWork} (the service's relayer accounts).
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    /// @notice Role allowed to {pause} and {unpause} the contract.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @notice Role allowed to set the collection's {minimumHold} and to {freeze} and {unfreeze} tokens.
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    /// @notice Longest hold, the work's or the collection's, in seconds (a uint40, about 34,800 years).
    uint64 public constant MAX_HOLD_SECONDS = type(uint40).max;

    /// @notice Highest royalty a creator can set, in basis points (1000 = 10%).
    uint96 public constant MAX_ROYALTY_BPS = 1000;

    /// @notice EIP-712 type hash of {MintAuthorization}.
    bytes32 public constant MINT_AUTHORIZATION_TYPEHASH =
        keccak256(
            "MintAuthorization(address creator,address to,bytes32 contentHash,uint96 royaltyBps,uint256 deadline)"
        );

    /// @notice EIP-712 type hash of {TransferAuthorization}.
    bytes32 public constant TRANSFER_AUTHORIZATION_TYPEHASH =
        keccak256("TransferAuthorization(address from,address to,uint256 tokenId,uint256 nonce,uint256 deadline)");

    // Layout of a token's word in `_tokens`: owner | registeredAt | royaltyBps | transfer nonce.
    uint256 private constant _OWNER_MASK = type(uint160).max;
    uint256 private constant _REGISTERED_AT_SHIFT = 160;
    uint256 private constant _ROYALTY_SHIFT = 200;
    uint256 private constant _NONCE_SHIFT = 216;
    // The nonce is the word's top field, so bumping it with a checked addition reverts on overflow
    // instead of wrapping around to a nonce an old authorization was signed for.
    uint256 private constant _NONCE_ONE = 1 << _NONCE_SHIFT;

    // Layout of a content hash's word in `_registrations`: token id | creator.
    uint256 private constant _CREATOR_SHIFT = 96;

    /// @notice EIP-712 type hash of {EditionAuthorization}.
    bytes32 public constant EDITION_AUTHORIZATION_TYPEHASH =
        keccak256(
            "EditionAuthorization(address creator,address to,bytes32 contentHash,uint96 royaltyBps,uint32 editionSize,uint64 holdSeconds,bool transferable,uint256 deadline)"
        );

    /// @notice EIP-712 type hash of {EditionRecipients}.
    bytes32 public constant EDITION_RECIPIENTS_TYPEHASH =
        keccak256("EditionRecipients(bytes32 contentHash,uint32 firstNumber,address[] recipients)");

    /// @notice EIP-712 type hash of {MetadataChange}.
    bytes32 public constant METADATA_CHANGE_TYPEHASH =
        keccak256("MetadataChange(uint256 tokenId,bytes32 metadataHash,uint256 nonce,uint256 deadline)");

    // An edition token's word in `_tokens` keeps owner and nonce where a unique work's word has them,
    // but bits 160-199 hold the time the token arrived at its owner, and bit 215 marks the layout
    // (a unique work's royalty, at most MAX_ROYALTY_BPS, never reaches it).
    uint256 private constant _EDITION_TOKEN = 1 << 215;
    uint256 private constant _ARRIVED_SHIFT = 160;
    uint256 private constant _TIME_MASK = type(uint40).max;

    // Layout of an edition's word in `_editions`: first owner | minted | holdSeconds | locked.
    uint256 private constant _MINTED_SHIFT = 160;
    uint256 private constant _HOLD_SHIFT = 192;
    uint256 private constant _LOCKED_SHIFT = 232;

    // Layout of an edition's word in `_editionFacts`: size | royaltyBps | registeredAt.
    uint256 private constant _FACTS_ROYALTY_SHIFT = 32;
    uint256 private constant _FACTS_REGISTERED_SHIFT = 48;

    // Token ids in groups of 64 (id >> 6); a group's word in `_groups`:
    // cover (bits 0-95) | heads (bits 96-159) | mintedAt (bits 160-199).
    uint256 private constant _GROUP_SHIFT = 6;
    uint256 private constant _GROUP_POSITION_MASK = 63;
    uint256 private constant _COVER_MASK = type(uint96).max;
    uint256 private constant _HEADS_SHIFT = 96;
    uint256 private constant _MINTED_AT_SHIFT = 160;

    // A freeze's word in `_freezes`: reason code | frozen flag.
    uint256 private constant _FROZEN = 1 << 32;

    string private _baseTokenURI;
    // uint96 so that every token id fits its registration word; ++ is checked.
    uint96 private _lastTokenId;
    // The three below share `_lastTokenId`'s slot, so the mapping slots keep their numbers.
    uint64 private _minimumHold;
    // When the minimum hold last went from zero to non-zero (see `_uniqueArrival`).
    uint40 private _minimumHoldSince;
    uint32 private _frozenCount;
    mapping(uint256 tokenId => uint256 word) private _tokens;
    mapping(uint256 tokenId => bytes32 contentHash) private _contentHashes;
    mapping(bytes32 contentHash => uint256 word) private _registrations;
    mapping(address owner => uint256 balance) private _tokenBalances;
    mapping(uint256 firstTokenId => uint256 word) private _editions;
    mapping(uint256 firstTokenId => uint256 word) private _editionFacts;
    mapping(uint256 group => uint256 word) private _groups;
    mapping(uint256 tokenId => uint256 arrivedAt) private _arrivals;
    mapping(uint256 tokenId => uint256 word) private _freezes;
    mapping(uint256 firstTokenId => uint256 nonce) private _metadataNonces;

    /**
     * @notice Emitted when a work is registered and its token minted (right after the mint's `Transfer`).
     * @param tokenId The new token.
     * @param creator The author of the work.
     * @param contentHash SHA-256 of the work's bytes.
     */
    event WorkRegistered(uint256 indexed tokenId, address indexed creator, bytes32 indexed contentHash);

    /**
     * @notice Emitted when {mintWorks} skipped an item that {mintWork} would have refused.
     * @param index The item's position in the batch.
     * @param contentHash The item's content hash.
     * @param reason Selector of the custom error {mintWork} would revert with.
     */
    event MintSkipped(uint256 indexed index, bytes32 contentHash, bytes4 reason);

    /**
     * @notice Emitted when {transferWithAuthorizations} skipped an item that
     * {transferWithAuthorization} would have refused.
     * @param index The item's position in the batch.
     * @param tokenId The item's token.
     * @param reason Selector of the custom error {transferWithAuthorization} would revert with.
     */
    event TransferSkipped(uint256 indexed index, uint256 tokenId, bytes4 reason);

    /**
     * @notice Emitted when the base of every {tokenURI} changed.
     * @param baseURI The new base URI.
     */
    event BaseURIUpdated(string baseURI);

    /**
     * @notice The content hash is already registered as `tokenId`.
     * @param contentHash The content hash of the refused work.
     * @param tokenId The token that already holds this content hash.
     */
    error WorkAlreadyRegistered(bytes32 contentHash, uint256 tokenId);

    /// @notice The signature is not a valid EIP-712 signature of the authorization by its signer.
    error InvalidSignature();

    /**
     * @notice The authorization's deadline has passed.
     * @param deadline The authorization's deadline.
     */
    error AuthorizationExpired(uint256 deadline);

    /// @notice The content hash is zero.
    error ZeroContentHash();

    /// @notice The creator is the zero address.
    error ZeroCreator();

    /**
     * @notice The requested royalty is above the maximum.
     * @param royaltyBps The requested royalty, in basis points.
     * @param maxRoyaltyBps The maximum royalty, in basis points.
     */
    error RoyaltyTooHigh(uint96 royaltyBps, uint96 maxRoyaltyBps);

    /**
     * @notice The transfer authorization's nonce is not the token's current transfer nonce.
     * @param tokenId The token.
     * @param expectedNonce The token's current {transferNonce}.
     * @param providedNonce The nonce in the authorization.
     */
    error InvalidTransferNonce(uint256 tokenId, uint256 expectedNonce, uint256 providedNonce);

    /**
     * @notice A batch's authorizations and signatures differ in number.
     * @param authorizations The number of authorizations.
     * @param signatures The number of signatures.
     */
    error BatchLengthMismatch(uint256 authorizations, uint256 signatures);

    /// @notice A batch has no item.
    error EmptyBatch();

    /**
     * @notice Deploys a collection.
     * @dev The EIP-712 domain name is `name_` and its version is "1".
     * @param name_ ERC-721 name, also the EIP-712 domain name.
     * @param symbol_ ERC-721 symbol.
     * @param baseURI_ Base of every {tokenURI} (token id appended).
     * @param admin Receives `DEFAULT_ADMIN_ROLE` and {PAUSER_ROLE}.
     * @param minters Each receives {MINTER_ROLE}.
     */
    constructor(
        string memory name_,
        string memory symbol_,
        string memory baseURI_,
        address admin,
        address[] memory minters
    ) ERC721(name_, symbol_) EIP712(name_, "1") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
        _grantRole(OPERATOR_ROLE, admin);
        for (uint256 i = 0; i < minters.length; ++i) {
            _grantRole(MINTER_ROLE, minters[i]);
        }
        _setBaseURI(baseURI_);
    }

    /**
     * @notice Registers a work and mints its token to `auth.to`, relayed by a {MINTER_ROLE} holder.
     * @dev Requirements: caller has {MINTER_ROLE}; not paused; `auth.creator` and `auth.contentHash`
     * are not zero; `auth.royaltyBps <= MAX_ROYALTY_BPS`; `auth.deadline >= block.timestamp`; the
     * content hash is not registered yet; `signature` is `auth.creator`'s EIP-712 signature of
     * `auth` (ECDSA for an EOA, ERC-1271 for a contract); `auth.to` is not zero.
     *
     * A contract `auth.to` must accept the token as in `safeTransferFrom`: its `onERC721Received` is
     * called after the registration and must return its selector (else `ERC721InvalidReceiver`, or
     * the receiver's own revert). When
     * `auth.royaltyBps > 0` the token's ERC-2981 royalty is `(creator, royaltyBps)`; otherwise no
     * royalty is set and {royaltyInfo} returns `(address(0), 0)` for the token.
     *
     * Emits `Transfer(address(0), auth.to, tokenId)` then {WorkRegistered}.
     * @param auth The creator's mint authorization.
     * @param signature The creator's signature of `auth`.
     * @return tokenId The new token's id (ids start at 1).
     */
    function mintWork(
        MintAuthorization calldata auth,
        bytes calldata signature
    ) external onlyRole(MINTER_ROLE) whenNotPaused returns (uint256 tokenId) {
        if (auth.creator == address(0)) revert ZeroCreator();
        if (auth.contentHash == bytes32(0)) revert ZeroContentHash();
        if (auth.royaltyBps > MAX_ROYALTY_BPS) revert RoyaltyTooHigh(auth.royaltyBps, MAX_ROYALTY_BPS);
        if (auth.deadline < block.timestamp) revert AuthorizationExpired(auth.deadline);
        uint256 existing = _registrations[auth.contentHash];
        if (existing != 0) revert WorkAlreadyRegistered(auth.contentHash, uint96(existing));
        _checkSignature(auth.creator, _hashMintAuthorization(auth), signature);

        tokenId = _registerWork(auth);
        ERC721Utils.checkOnERC721Received(_msgSender(), address(0), auth.to, tokenId, "");
    }

    /**
     * @notice Registers several works in one transaction, relayed by a {MINTER_ROLE} holder.
     * @dev Skip-and-emit: every item gets every check of {mintWork}, in order; an item that
     * {mintWork} would refuse is skipped, {MintSkipped} names it and the selector of the error
     * {mintWork} would revert with, and the other items are minted. An item whose content hash an
     * earlier item of the same batch registered is skipped as `WorkAlreadyRegistered`. A skipped
     * item consumes no token id. Requirements: caller has {MINTER_ROLE}; not paused;
     * `auths.length == signatures.length > 0` ({BatchLengthMismatch}, {EmptyBatch}). A zero `to`
     * is skipped as `ERC721InvalidReceiver`, the error {mintWork} reverts with; so is an item whose
     * contract receiver refuses the token (or with the selector of the receiver's own revert;
     * `Error(string)` for a reason string): the item runs in a self-call ({mintWorkItem}) so that its
     * registration is undone.
     * Emits, per minted item, `Transfer` then {WorkRegistered}; per skipped item {MintSkipped}.
     * @param auths The creators' mint authorizations.
     * @param signatures `signatures[i]` is `auths[i].creator`'s signature of `auths[i]`.
     * @return tokenIds `tokenIds[i]` is the token minted for `auths[i]`, or 0 when it was skipped.
     */
    function mintWorks(
        MintAuthorization[] calldata auths,
        bytes[] calldata signatures
    ) external onlyRole(MINTER_ROLE) whenNotPaused returns (uint256[] memory tokenIds) {
        uint256 count = _checkBatchLengths(auths.length, signatures.length);
        tokenIds = new uint256[](count);
        for (uint256 i = 0; i < count; ++i) {
            MintAuthorization calldata auth = auths[i];
            bytes4 reason = _mintFailure(auth, signatures[i]);
            if (reason == bytes4(0)) {
                if (auth.to.code.length == 0) {
                    tokenIds[i] = _registerWork(auth);
                    continue;
                }
                try this.mintWorkItem(auth, _msgSender()) returns (uint256 tokenId) {
                    tokenIds[i] = tokenId;
                    continue;
                } catch (bytes memory revertData) {
                    reason = _selectorOf(revertData);
                }
            }
            emit MintSkipped(i, auth.contentHash, reason);
        }
    }

    /**
     * @notice Transfers `auth.tokenId` from `auth.from` to `auth.to` with the owner's signature;
     * anyone can relay it.
     * @dev Requirements: not paused; `auth.deadline >= block.timestamp`; the token exists
     * (`ERC721NonexistentToken`); `auth.from` is its owner (`ERC721IncorrectOwner`); `auth.to` is
     * not zero (`ERC721InvalidReceiver`); `auth.nonce == transferNonce(auth.tokenId)`; `signature`
     * is `auth.from`'s EIP-712 signature of `auth` (ECDSA for an EOA, ERC-1271 for a contract).
     *
     * The circulation rules apply as on every transfer path ({TokenLocked}, {TokenIsFrozen},
     * {TokenHeld}). A contract `auth.to` must accept the token as in `safeTransferFrom` (its
     * `onERC721Received` is called with the relayer as operator). Bumps the token's
     * {transferNonce}, so the authorization cannot be replayed. Emits `Transfer`.
     * @param auth The owner's transfer authorization.
     * @param signature The owner's signature of `auth`.
     */
    function transferWithAuthorization(
        TransferAuthorization calldata auth,
        bytes calldata signature
    ) external whenNotPaused {
        if (auth.deadline < block.timestamp) revert AuthorizationExpired(auth.deadline);
        address owner = _requireOwned(auth.tokenId);
        if (owner != auth.from) revert ERC721IncorrectOwner(auth.from, auth.tokenId, owner);
        if (auth.to == address(0)) revert ERC721InvalidReceiver(address(0));
        uint256 expectedNonce = _tokens[auth.tokenId] >> _NONCE_SHIFT;
        if (auth.nonce != expectedNonce) revert InvalidTransferNonce(auth.tokenId, expectedNonce, auth.nonce);
        _checkSignature(auth.from, _hashTransferAuthorization(auth), signature);

        _transfer(auth.from, auth.to, auth.tokenId);
        ERC721Utils.checkOnERC721Received(_msgSender(), auth.from, auth.to, auth.tokenId, "");
    }

    /**
     * @notice Transfers several tokens with their owners' signatures in one transaction; anyone
     * can relay it.
     * @dev Skip-and-emit: every item gets every check of {transferWithAuthorization}, in order; an
     * item that {transferWithAuthorization} would refuse is skipped, {TransferSkipped} names it and
     * the selector of the error it would revert with, and the other items are transferred. A
     * skipped item does not bump the token's {transferNonce}; a second item for a token moved
     * earlier in the batch is skipped (`ERC721IncorrectOwner` once the owner changed, else
     * `InvalidTransferNonce`). A held, frozen or locked token is skipped with {TokenHeld},
     * {TokenIsFrozen} or {TokenLocked}; an item whose contract receiver refuses the token is skipped
     * as in {mintWorks} (it runs in a self-call, {transferItem}).
     * Requirements: not paused; `auths.length == signatures.length > 0` ({BatchLengthMismatch},
     * {EmptyBatch}). Emits `Transfer` per transferred item, {TransferSkipped} per skipped item.
     * @param auths The owners' transfer authorizations.
     * @param signatures `signatures[i]` is `auths[i].from`'s signature of `auths[i]`.
     * @return transferred `transferred[i]` is true when `auths[i]` was carried out.
     */
    function transferWithAuthorizations(
        TransferAuthorization[] calldata auths,
        bytes[] calldata signatures
    ) external whenNotPaused returns (bool[] memory transferred) {
        uint256 count = _checkBatchLengths(auths.length, signatures.length);
        transferred = new bool[](count);
        for (uint256 i = 0; i < count; ++i) {
            TransferAuthorization calldata auth = auths[i];
            bytes4 reason = _transferFailure(auth, signatures[i]);
            if (reason == bytes4(0)) {
                if (auth.to.code.length == 0) {
                    _transfer(auth.from, auth.to, auth.tokenId);
                    transferred[i] = true;
                    continue;
                }
                try this.transferItem(_msgSender(), auth.from, auth.to, auth.tokenId) {
                    transferred[i] = true;
                    continue;
                } catch (bytes memory revertData) {
                    reason = _selectorOf(revertData);
                }
            }
            emit TransferSkipped(i, auth.tokenId, reason);
        }
    }

    /**
     * @notice Registers a work as a numbered edition (first call) and mints its next `count`
     * tokens to `auth.to`, relayed by a {MINTER_ROLE} holder. Later calls with the same
     * authorization continue with the next numbers until `auth.editionSize`.
     * @dev Requirements: caller has {MINTER_ROLE}; not paused; `count > 0` ({EmptyBatch}); then
     * {_checkEdition}: `auth.creator`, `auth.contentHash` not zero; `auth.royaltyBps <= MAX_ROYALTY_BPS`;
     * `auth.editionSize > 0` ({InvalidEditionSize}); `auth.holdSeconds <= MAX_HOLD_SECONDS`;
     * `auth.deadline >= block.timestamp` on every call; `auth.to` not zero; `signature` is
     * `auth.creator`'s EIP-712 signature of `auth`; the content hash is either not registered or
     * registered by an authorization with the same fields but the deadline (else
     * {WorkAlreadyRegistered}), so a creator can sign the same edition again with a later deadline
     * to finish it. `count` must not exceed the tokens left ({EditionExhausted}).
     *
     * The first call reserves token ids `firstTokenId .. firstTokenId + editionSize - 1` (number k is
     * `firstTokenId + k - 1`); unique works registered later get ids after the whole range. Minted
     * tokens are not written one by one: their owner is the edition's `auth.to` until they first
     * move (see the storage layout in the contract's NatSpec). A contract `auth.to` must accept every
     * token as in `safeTransferFrom`.
     *
     * Emits, on the first call, {EditionRegistered}; then per token `Transfer(address(0), auth.to, id)`
     * (and ERC-5192 `Locked(id)` when the edition is not transferable), with {WorkRegistered} right
     * after the first token's `Transfer`.
     * @param auth The creator's edition authorization.
     * @param signature The creator's signature of `auth`.
     * @param count Number of tokens to mint in this call.
     * @return firstTokenId The edition's first token id (number 1).
     */
    function mintEdition(
        EditionAuthorization calldata auth,
        bytes calldata signature,
        uint32 count
    ) external onlyRole(MINTER_ROLE) whenNotPaused returns (uint256 firstTokenId) {
        if (count == 0) revert EmptyBatch();
        firstTokenId = _checkEdition(auth, signature);
        (uint256 start, uint256 end) = _reserveMint(firstTokenId, count);
        address to = auth.to;
        unchecked {
            _tokenBalances[to] += count;
        }
        for (uint256 id = start; id < end; ++id) {
            _emitEditionMint(auth, firstTokenId, to, id);
        }
        if (to.code.length != 0) {
            for (uint256 id = start; id < end; ++id) {
                ERC721Utils.checkOnERC721Received(_msgSender(), address(0), to, id, "");
            }
        }
    }

    /**
     * @notice Mints the next numbers of an edition, one to each recipient the creator chose,
     * relayed by a {MINTER_ROLE} holder; registers the edition on the first call, as {mintEdition}.
     * @dev The recipients are the creator's, not the relayer's: `recipientsSignature` is
     * `auth.creator`'s EIP-712 signature of `EditionRecipients(auth.contentHash, firstNumber,
     * recipients)`, where `firstNumber` is the next number to mint, so a signed chunk can be used
     * once and only at its place. Requirements: those of {mintEdition} with
     * `count = recipients.length`; the recipients signature ({InvalidSignature}); no zero recipient
     * (`ERC721InvalidReceiver`); every contract recipient accepts its token as in `safeTransferFrom`.
     * Each token's word is written (its owner differs from `auth.to`), except for a recipient equal
     * to `auth.to`. Emits the events of {mintEdition}.
     * @param auth The creator's edition authorization.
     * @param signature The creator's signature of `auth`.
     * @param recipients The owners of the next numbers, in order.
     * @param recipientsSignature The creator's signature of the {EditionRecipients} chunk.
     * @return firstTokenId The edition's first token id (number 1).
     */
    function mintEditionTo(
        EditionAuthorization calldata auth,
        bytes calldata signature,
        address[] calldata recipients,
        bytes calldata recipientsSignature
    ) external onlyRole(MINTER_ROLE) whenNotPaused returns (uint256 firstTokenId) {
        uint256 count = recipients.length;
        if (count == 0) revert EmptyBatch();
        if (count > type(uint32).max) revert EditionExhausted(0, type(uint32).max, count);
        firstTokenId = _checkEdition(auth, signature);
        uint256 minted = uint32(_editions[firstTokenId] >> _MINTED_SHIFT);
        _checkSignature(
            auth.creator,
            _hashEditionRecipients(auth.contentHash, uint32(minted + 1), recipients),
            recipientsSignature
        );
        (uint256 start, ) = _reserveMint(firstTokenId, uint32(count));
        for (uint256 i = 0; i < count; ++i) {
            address to = recipients[i];
            if (to == address(0)) revert ERC721InvalidReceiver(address(0));
            uint256 id = start + i;
            if (to != auth.to) {
                _tokens[id] = uint256(uint160(to)) | (uint256(uint40(block.timestamp)) << _ARRIVED_SHIFT) | _EDITION_TOKEN;
            }
            unchecked {
                ++_tokenBalances[to];
            }
            _emitEditionMint(auth, firstTokenId, to, id);
        }
        for (uint256 i = 0; i < count; ++i) {
            ERC721Utils.checkOnERC721Received(_msgSender(), address(0), recipients[i], start + i, "");
        }
    }

    /**
     * @notice One item of {mintWorks} whose receiver is a contract: registers the work and asks the
     * receiver, so that a refusal undoes the item alone.
     * @dev Callable only by this contract ({SelfCallOnly}); {mintWorks} has made every other check.
     * @param auth The item's (checked) mint authorization.
     * @param operator The relayer of the batch, passed to `onERC721Received`.
     * @return tokenId The new token.
     */
    function mintWorkItem(MintAuthorization calldata auth, address operator) external returns (uint256 tokenId) {
        if (msg.sender != address(this)) revert SelfCallOnly();
        tokenId = _registerWork(auth);
        ERC721Utils.checkOnERC721Received(operator, address(0), auth.to, tokenId, "");
    }

    /**
     * @notice One item of {transferWithAuthorizations} whose receiver is a contract: transfers the
     * token and asks the receiver, so that a refusal undoes the item alone.
     * @dev Callable only by this contract ({SelfCallOnly}); the batch has made every other check.
     * @param operator The relayer of the batch, passed to `onERC721Received`.
     * @param from The token's owner.
     * @param to The receiving contract.
     * @param tokenId The token.
     */
    function transferItem(address operator, address from, address to, uint256 tokenId) external {
        if (msg.sender != address(this)) revert SelfCallOnly();
        _transfer(from, to, tokenId);
        ERC721Utils.checkOnERC721Received(operator, from, to, tokenId, "");
    }

    /**
     * @notice Announces a creator-signed change of a work's metadata (ERC-4906), relayed by a
     * {MINTER_ROLE} holder.
     * @dev Requirements: caller has {MINTER_ROLE}; not paused; `change.deadline >= block.timestamp`;
     * the token exists; `change.nonce == metadataNonce(change.tokenId)` ({InvalidMetadataNonce});
     * `signature` is the work's creator's EIP-712 signature of `change`. Bumps the work's metadata
     * nonce. Emits `MetadataUpdate(tokenId)` for a unique work, `BatchMetadataUpdate(first, last)`
     * over the whole reserved range of an edition, then {MetadataChanged}.
     * @param change The creator's metadata change.
     * @param signature The creator's signature of `change`.
     */
    function announceMetadataChange(
        MetadataChange calldata change,
        bytes calldata signature
    ) external onlyRole(MINTER_ROLE) whenNotPaused {
        if (change.deadline < block.timestamp) revert AuthorizationExpired(change.deadline);
        (uint256 first, , uint256 size) = _editionOf(change.tokenId);
        uint256 expected = _metadataNonces[first];
        if (change.nonce != expected) revert InvalidMetadataNonce(first, expected, change.nonce);
        address creator = _creatorOf(_contentHashes[first]);
        _checkSignature(creator, _hashMetadataChange(change), signature);
        _metadataNonces[first] = expected + 1;
        if (_editions[first] == 0) {
            emit MetadataUpdate(first);
        } else {
            emit BatchMetadataUpdate(first, first + size - 1);
        }
        emit MetadataChanged(first, creator, change.metadataHash);
    }

    /**
     * @notice Sets the collection's minimum hold: no token leaves an owner until this long after it
     * arrived, whatever its work's own hold (the longer applies).
     * @dev Caller must have {OPERATOR_ROLE}; `holdSeconds <= MAX_HOLD_SECONDS` ({HoldTooLong}).
     * Applies at once to every token, counted from its arrival. Emits {MinimumHoldChanged}.
     * @param holdSeconds The minimum hold, in seconds (0: none).
     */
    function setMinimumHold(uint64 holdSeconds) external onlyRole(OPERATOR_ROLE) {
        if (holdSeconds > MAX_HOLD_SECONDS) revert HoldTooLong(holdSeconds, MAX_HOLD_SECONDS);
        if (_minimumHold == 0 && holdSeconds != 0) _minimumHoldSince = uint40(block.timestamp);
        _minimumHold = holdSeconds;
        emit MinimumHoldChanged(holdSeconds);
    }

    /**
     * @notice Freezes a token: every transfer path refuses it with {TokenIsFrozen} until {unfreeze}.
     * @dev Caller must have {OPERATOR_ROLE}; the token exists. Freezing a frozen token changes its
     * reason code. Emits {TokenFrozen}, and ERC-5192 `Locked` when the token was not locked.
     * @param tokenId The token.
     * @param reasonCode The operator's reason code (any value, 0 included).
     */
    function freeze(uint256 tokenId, uint32 reasonCode) external onlyRole(OPERATOR_ROLE) {
        _requireOwned(tokenId);
        bool wasFrozen = _freezes[tokenId] != 0;
        _freezes[tokenId] = _FROZEN | reasonCode;
        emit TokenFrozen(tokenId, reasonCode);
        if (!wasFrozen) {
            ++_frozenCount;
            if (!_workLocked(tokenId)) emit Locked(tokenId);
        }
    }

    /**
     * @notice Lifts a token's freeze.
     * @dev Caller must have {OPERATOR_ROLE}; the token is frozen ({TokenNotFrozen}). Emits
     * {TokenUnfrozen}, and ERC-5192 `Unlocked` when the token's work is transferable.
     * @param tokenId The token.
     */
    function unfreeze(uint256 tokenId) external onlyRole(OPERATOR_ROLE) {
        if (_freezes[tokenId] == 0) revert TokenNotFrozen(tokenId);
        delete _freezes[tokenId];
        --_frozenCount;
        emit TokenUnfrozen(tokenId);
        if (!_workLocked(tokenId)) emit Unlocked(tokenId);
    }

    /**
     * @notice Pauses minting and all transfers. Reads stay available.
     * @dev Caller must have {PAUSER_ROLE}. Emits `Paused`.
     */
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /**
     * @notice Lifts a pause.
     * @dev Caller must have {PAUSER_ROLE}. Emits `Unpaused`.
     */
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    /**
     * @notice Changes the base of every {tokenURI}.
     * @dev Caller must have `DEFAULT_ADMIN_ROLE`. Emits {BaseURIUpdated}.
     * @param baseURI_ The new base URI (the token id is appended to it).
     */
    function setBaseURI(string calldata baseURI_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setBaseURI(baseURI_);
    }

    /**
     * @notice The registered facts of a work.
     * @dev Any token of an edition answers with its work's facts (those of the first token).
     * Reverts with `ERC721NonexistentToken(tokenId)` for an unknown token.
     * @param tokenId The token.
     * @return The work's creator, registration timestamp and content hash.
     */
    function workOf(uint256 tokenId) external view returns (Work memory) {
        (uint256 word, uint256 first, ) = _existing(tokenId);
        uint256 registeredAt = first == 0
            ? uint40(word >> _REGISTERED_AT_SHIFT)
            : uint40(_editionFacts[first] >> _FACTS_REGISTERED_SHIFT);
        bytes32 contentHash = _contentHashes[first == 0 ? tokenId : first];
        return Work({creator: _creatorOf(contentHash), registeredAt: uint64(registeredAt), contentHash: contentHash});
    }

    /**
     * @notice Where a token stands in its work: the work's first token, its number and the
     * edition's size; `(tokenId, 1, 1)` for a unique work.
     * @dev Reverts with `ERC721NonexistentToken(tokenId)` for a token not minted (reserved edition
     * numbers included).
     * @param tokenId The token.
     * @return firstTokenId The work's first token (number 1), which {tokenOfContent} returns.
     * @return number The token's number, 1 to `size`.
     * @return size The number of tokens of the work.
     */
    function editionOf(uint256 tokenId) external view returns (uint256 firstTokenId, uint32 number, uint32 size) {
        (uint256 first, uint256 offset, uint256 editionSize) = _editionOf(tokenId);
        return (first, uint32(offset + 1), uint32(editionSize));
    }

    /**
     * @notice How many tokens of an edition are minted so far (1 for a unique work).
     * @dev Reverts with `ERC721NonexistentToken(tokenId)` for a token not minted.
     * @param tokenId Any minted token of the work.
     * @return The number of minted tokens; the next call mints number `minted + 1`.
     */
    function editionMinted(uint256 tokenId) external view returns (uint32) {
        (uint256 first, , ) = _editionOf(tokenId);
        uint256 edition = _editions[first];
        return edition == 0 ? 1 : uint32(edition >> _MINTED_SHIFT);
    }

    /**
     * @notice The circulation rules a work's creator signed: its hold and whether it can be
     * transferred at all (`(0, true)` for a unique work).
     * @dev Reverts with `ERC721NonexistentToken(tokenId)` for a token not minted.
     * @param tokenId Any minted token of the work.
     * @return holdSeconds The work's hold after every arrival of a token.
     * @return transferable False when the tokens can never be transferred.
     */
    function rulesOf(uint256 tokenId) external view returns (uint64 holdSeconds, bool transferable) {
        (, uint256 first, uint256 edition) = _existing(tokenId);
        if (first == 0) return (0, true);
        return (uint40(edition >> _HOLD_SHIFT), (edition >> _LOCKED_SHIFT) & 1 == 0);
    }

    /**
     * @notice The first time at which the token's hold lets it leave its owner: its arrival plus the
     * longer of its work's hold and the collection's {minimumHold}; 0 when no hold applies, and
     * `type(uint256).max` when the work is not transferable. A time in the past means now.
     * @dev Freezes are not counted (see {frozenReason}). Reverts with `ERC721NonexistentToken`
     * for a token not minted.
     * @param tokenId The token.
     * @return The timestamp, as described.
     */
    function transferableAt(uint256 tokenId) external view returns (uint256) {
        (uint256 word, uint256 first, uint256 edition) = _existing(tokenId);
        if (first != 0 && (edition >> _LOCKED_SHIFT) & 1 != 0) return type(uint256).max;
        return _heldUntil(tokenId, word, first, edition);
    }

    /**
     * @notice Whether the operator froze a token, and why.
     * @param tokenId The token.
     * @return frozen True while the token is frozen.
     * @return reasonCode The operator's reason code (0 when not frozen).
     */
    function frozenReason(uint256 tokenId) external view returns (bool frozen, uint32 reasonCode) {
        uint256 word = _freezes[tokenId];
        return (word != 0, uint32(word));
    }

    /**
     * @notice ERC-5192: whether the token is locked, i.e. its work is not transferable or the
     * operator froze it. A hold is not a lock (see {transferableAt}).
     * @dev Reverts with `ERC721NonexistentToken(tokenId)` for a token not minted.
     * @param tokenId The token.
     * @return True when every transfer of the token is refused until further notice.
     */
    function locked(uint256 tokenId) external view returns (bool) {
        _requireOwned(tokenId);
        return _freezes[tokenId] != 0 || _workLocked(tokenId);
    }

    /**
     * @notice The collection's minimum hold, set by the operator.
     * @return The minimum hold, in seconds (0: none).
     */
    function minimumHold() external view returns (uint64) {
        return _minimumHold;
    }

    /**
     * @notice The nonce the next {MetadataChange} of a work must carry.
     * @dev Starts at 0 and increases by one on every {announceMetadataChange}. Reverts with
     * `ERC721NonexistentToken(tokenId)` for a token not minted.
     * @param tokenId Any minted token of the work.
     * @return The work's current metadata nonce.
     */
    function metadataNonce(uint256 tokenId) external view returns (uint256) {
        (uint256 first, , ) = _editionOf(tokenId);
        return _metadataNonces[first];
    }

    /**
     * @notice The EIP-712 digest of an edition authorization under this contract's domain.
     * @param auth The edition authorization.
     * @return The EIP-712 digest the creator signs.
     */
    function hashEditionAuthorization(EditionAuthorization calldata auth) external view returns (bytes32) {
        return _hashEditionAuthorization(auth);
    }

    /**
     * @notice The EIP-712 digest of an {EditionRecipients} chunk under this contract's domain.
     * @param contentHash The edition's content hash.
     * @param firstNumber The number of the chunk's first recipient.
     * @param recipients The chunk's recipients.
     * @return The EIP-712 digest the creator signs.
     */
    function hashEditionRecipients(
        bytes32 contentHash,
        uint32 firstNumber,
        address[] calldata recipients
    ) external view returns (bytes32) {
        return _hashEditionRecipients(contentHash, firstNumber, recipients);
    }

    /**
     * @notice The EIP-712 digest of a metadata change under this contract's domain.
     * @param change The metadata change.
     * @return The EIP-712 digest the creator signs.
     */
    function hashMetadataChange(MetadataChange calldata change) external view returns (bytes32) {
        return _hashMetadataChange(change);
    }

    /**
     * @notice The token that registered a content hash: a unique work's token, or an edition's
     * first token (number 1; see {editionOf} for the others).
     * @param contentHash SHA-256 of a work's bytes.
     * @return The token id, or 0 when the content hash is not registered.
     */
    function tokenOfContent(bytes32 contentHash) external view returns (uint256) {
        return uint96(_registrations[contentHash]);
    }

    /**
     * @notice The nonce the next {TransferAuthorization} of a token must carry.
     * @dev Starts at 0 at mint and increases by one on every transfer of the token, whichever the
     * path (`transferFrom`, `safeTransferFrom`, {transferWithAuthorization}). Returns 0 for an
     * unknown token.
     * @param tokenId The token.
     * @return The token's current transfer nonce.
     */
    function transferNonce(uint256 tokenId) external view returns (uint256) {
        return _tokens[tokenId] >> _NONCE_SHIFT;
    }

    /**
     * @notice The highest token id given out so far: one per unique work, an edition's whole range
     * at its registration (so, with editions, not the number of works).
     * @return The highest token id registered or reserved.
     */
    function totalWorks() external view returns (uint256) {
        return _lastTokenId;
    }

    /**
     * @notice The EIP-712 digest of a mint authorization under this contract's domain, the value
     * the creator signs.
     * @param auth The mint authorization.
     * @return The EIP-712 digest (`_hashTypedDataV4` of the struct hash).
     */
    function hashMintAuthorization(MintAuthorization calldata auth) external view returns (bytes32) {
        return _hashMintAuthorization(auth);
    }

    /**
     * @notice The EIP-712 digest of a transfer authorization under this contract's domain, the
     * value the owner signs.
     * @param auth The transfer authorization.
     * @return The EIP-712 digest (`_hashTypedDataV4` of the struct hash).
     */
    function hashTransferAuthorization(TransferAuthorization calldata auth) external view returns (bytes32) {
        return _hashTransferAuthorization(auth);
    }

    /**
     * @notice The number of tokens `owner` holds.
     * @dev Reverts with `ERC721InvalidOwner(address(0))` for the zero address.
     * @param owner The account.
     * @return The account's token count.
     */
    function balanceOf(address owner) public view override returns (uint256) {
        if (owner == address(0)) revert ERC721InvalidOwner(address(0));
        return _tokenBalances[owner];
    }

    /**
     * @notice ERC-2981 royalty of a sale of `tokenId`: the work's creator receives
     * `salePrice * royaltyBps / 10000`, rounded down.
     * @dev Returns `(address(0), 0)` for a token minted without royalty and for an unknown token;
     * there is no default royalty.
     * @param tokenId The token sold.
     * @param salePrice The sale price, in any unit.
     * @return receiver The creator, or `address(0)` when the token has no royalty.
     * @return amount The royalty, in the unit of `salePrice`.
     */
    function royaltyInfo(
        uint256 tokenId,
        uint256 salePrice
    ) public view override returns (address receiver, uint256 amount) {
        (uint256 word, uint256 first, ) = _ownership(tokenId);
        uint256 royaltyBps = first == 0
            ? uint16(word >> _ROYALTY_SHIFT)
            : uint16(_editionFacts[first] >> _FACTS_ROYALTY_SHIFT);
        if (royaltyBps == 0) return (address(0), 0);
        receiver = _creatorOf(_contentHashes[first == 0 ? tokenId : first]);
        // mulDiv, as OpenZeppelin's ERC2981: no overflow for any sale price.
        amount = Math.mulDiv(salePrice, royaltyBps, _feeDenominator());
    }

    /**
     * @notice Whether the contract implements an interface: ERC-165, ERC-721, ERC-721 Metadata,
     * ERC-2981, AccessControl, ERC-4906 (`0x49064906`) and ERC-5192 (`0xb45a3c0e`).
     * @param interfaceId The ERC-165 interface identifier.
     * @return True when the interface is supported.
     */
    function supportsInterface(
        bytes4 interfaceId
    ) public view override(ERC721, ERC2981, AccessControl) returns (bool) {
        return
            interfaceId == bytes4(0x49064906) ||
            interfaceId == this.locked.selector ||
            super.supportsInterface(interfaceId);
    }

    /// @dev Base of {tokenURI}: the stored base URI.
    function _baseURI() internal view override returns (string memory) {
        return _baseTokenURI;
    }

    /// @dev The owner bits of the token's packed word, or of its edition's first owner while unwritten.
    function _ownerOf(uint256 tokenId) internal view override returns (address) {
        (uint256 word, , ) = _ownership(tokenId);
        return address(uint160(word));
    }

    /**
     * @dev OpenZeppelin's `_update` on the packed storage: same checks, approval clearing and
     * `Transfer` event, but owner and transfer nonce change in one write. Also blocks transfers
     * while paused, refuses a token the circulation rules hold back ({TokenLocked},
     * {TokenIsFrozen}, {TokenHeld}) and bumps the token's transfer nonce on every transfer. Mints
     * never come here (they write their words themselves). A unique work's registration time and
     * royalty are kept and its arrival goes to `_arrivals` while a minimum hold is set; an edition
     * token's word records its arrival.
     */
    function _update(
        address to,
        uint256 tokenId,
        address auth
    ) internal override whenNotPaused returns (address from) {
        (uint256 word, uint256 first, uint256 edition) = _ownership(tokenId);
        from = address(uint160(word));

        if (auth != address(0)) {
            _checkAuthorized(from, auth, tokenId);
        }

        if (from != address(0)) {
            (bytes4 refusal, uint256 detail) = _circulationRefusal(tokenId, word, first, edition);
            if (refusal != bytes4(0)) _revertCirculation(refusal, tokenId, detail);
            // Clear the approval, without an event as OpenZeppelin; skip the write when none is set.
            if (_getApproved(tokenId) != address(0)) {
                _approve(address(0), tokenId, address(0), false);
            }
            unchecked {
                --_tokenBalances[from];
            }
            word += _NONCE_ONE; // checked: reverts rather than wrap (see _NONCE_ONE)
        }

        if (to != address(0)) {
            unchecked {
                ++_tokenBalances[to];
            }
        }

        if (first == 0) {
            word = (word & ~_OWNER_MASK) | uint160(to);
            if (_minimumHold != 0) _arrivals[tokenId] = block.timestamp;
        } else {
            word = (word & ~(_OWNER_MASK | (_TIME_MASK << _ARRIVED_SHIFT))) | uint160(to) | (uint256(uint40(block.timestamp)) << _ARRIVED_SHIFT);
        }
        _tokens[tokenId] = word;

        emit Transfer(from, to, tokenId);
    }

    /// @dev Keeps {balanceOf} in this contract's storage should anything credit balances directly.
    function _increaseBalance(address account, uint128 value) internal override {
        unchecked {
            _tokenBalances[account] += value;
        }
    }

    /// @dev The creator recorded with a content hash (`address(0)` when it is not registered).
    function _creatorOf(bytes32 contentHash) internal view returns (address) {
        return address(uint160(_registrations[contentHash] >> _CREATOR_SHIFT));
    }

    /// @dev Stores the base URI and emits {BaseURIUpdated}.
    function _setBaseURI(string memory baseURI_) internal {
        _baseTokenURI = baseURI_;
        emit BaseURIUpdated(baseURI_);
    }

    /// @dev Reverts with {InvalidSignature} unless `signature` is `signer`'s signature of `digest`.
    function _checkSignature(address signer, bytes32 digest, bytes calldata signature) internal view {
        if (!SignatureChecker.isValidSignatureNowCalldata(signer, digest, signature)) revert InvalidSignature();
    }

    /// @dev The batch's item count; reverts unless both lengths are equal and not zero.
    function _checkBatchLengths(uint256 authorizations, uint256 signatures) internal pure returns (uint256) {
        if (authorizations != signatures) revert BatchLengthMismatch(authorizations, signatures);
        if (authorizations == 0) revert EmptyBatch();
        return authorizations;
    }

    /**
     * @dev The selector of the error {mintWork} would revert with for `auth`, in {mintWork}'s
     * order of checks, or zero when it passes them all. Never reverts (ERC-1271 included:
     * `SignatureChecker` treats a reverting wallet as an invalid signature).
     */
    function _mintFailure(MintAuthorization calldata auth, bytes calldata signature) internal view returns (bytes4) {
        if (auth.creator == address(0)) return ZeroCreator.selector;
        if (auth.contentHash == bytes32(0)) return ZeroContentHash.selector;
        if (auth.royaltyBps > MAX_ROYALTY_BPS) return RoyaltyTooHigh.selector;
        if (auth.deadline < block.timestamp) return AuthorizationExpired.selector;
        if (_registrations[auth.contentHash] != 0) return WorkAlreadyRegistered.selector;
        if (!SignatureChecker.isValidSignatureNowCalldata(auth.creator, _hashMintAuthorization(auth), signature)) {
            return InvalidSignature.selector;
        }
        // {mintWork} reaches this check last, inside `_mint`.
        if (auth.to == address(0)) return ERC721InvalidReceiver.selector;
        return bytes4(0);
    }

    /**
     * @dev The selector of the error {transferWithAuthorization} would revert with for `auth`, in
     * its order of checks, or zero when it passes them all. Never reverts.
     */
    function _transferFailure(
        TransferAuthorization calldata auth,
        bytes calldata signature
    ) internal view returns (bytes4) {
        if (auth.deadline < block.timestamp) return AuthorizationExpired.selector;
        (uint256 word, uint256 first, uint256 edition) = _ownership(auth.tokenId);
        address owner = address(uint160(word));
        if (owner == address(0)) return ERC721NonexistentToken.selector;
        if (owner != auth.from) return ERC721IncorrectOwner.selector;
        if (auth.to == address(0)) return ERC721InvalidReceiver.selector;
        if (auth.nonce != word >> _NONCE_SHIFT) return InvalidTransferNonce.selector;
        if (!SignatureChecker.isValidSignatureNowCalldata(auth.from, _hashTransferAuthorization(auth), signature)) {
            return InvalidSignature.selector;
        }
        // {transferWithAuthorization} meets the circulation rules last, inside `_update`.
        (bytes4 refusal, ) = _circulationRefusal(auth.tokenId, word, first, edition);
        return refusal;
    }

    /**
     * @dev Effects of a checked mint authorization, shared by {mintWork} and {mintWorks}: records
     * the registration, mints to `auth.to` and emits `Transfer` then {WorkRegistered}.
     */
    function _registerWork(MintAuthorization calldata auth) internal returns (uint256 tokenId) {
        address to = auth.to;
        if (to == address(0)) revert ERC721InvalidReceiver(address(0));
        uint96 id = ++_lastTokenId;
        tokenId = id;
        _registrations[auth.contentHash] = (uint256(uint160(auth.creator)) << _CREATOR_SHIFT) | id;
        _contentHashes[tokenId] = auth.contentHash;
        unchecked {
            ++_tokenBalances[to];
        }
        // One write of the whole word: owner, registration time (uint40 seconds last until the year
        // 36812), royalty (<= MAX_ROYALTY_BPS fits 16 bits) and a zero nonce.
        _tokens[tokenId] =
            uint256(uint160(to)) |
            (uint256(uint40(block.timestamp)) << _REGISTERED_AT_SHIFT) |
            (uint256(auth.royaltyBps) << _ROYALTY_SHIFT);

        emit Transfer(address(0), to, tokenId);
        emit WorkRegistered(tokenId, auth.creator, auth.contentHash);
    }

    /**
     * @dev The checks of {mintEdition} and {mintEditionTo} on the authorization; registers the
     * edition when its content hash is new. Returns the edition's first token id.
     */
    function _checkEdition(EditionAuthorization calldata auth, bytes calldata signature) internal returns (uint256 first) {
        if (auth.creator == address(0)) revert ZeroCreator();
        if (auth.contentHash == bytes32(0)) revert ZeroContentHash();
        if (auth.royaltyBps > MAX_ROYALTY_BPS) revert RoyaltyTooHigh(auth.royaltyBps, MAX_ROYALTY_BPS);
        if (auth.editionSize == 0) revert InvalidEditionSize(0);
        if (auth.holdSeconds > MAX_HOLD_SECONDS) revert HoldTooLong(auth.holdSeconds, MAX_HOLD_SECONDS);
        if (auth.deadline < block.timestamp) revert AuthorizationExpired(auth.deadline);
        uint256 registration = _registrations[auth.contentHash];
        first = uint96(registration);
        if (registration != 0 && !_sameEdition(auth, registration)) {
            revert WorkAlreadyRegistered(auth.contentHash, first);
        }
        _checkSignature(auth.creator, _hashEditionAuthorization(auth), signature);
        if (auth.to == address(0)) revert ERC721InvalidReceiver(address(0));
        if (registration == 0) first = _registerEdition(auth);
    }

    /// @dev Whether a registered content hash is the edition `auth` describes (its deadline aside).
    function _sameEdition(EditionAuthorization calldata auth, uint256 registration) internal view returns (bool) {
        uint256 first = uint96(registration);
        uint256 edition = _editions[first];
        if (edition == 0) return false; // a unique work
        uint256 facts = _editionFacts[first];
        return
            address(uint160(registration >> _CREATOR_SHIFT)) == auth.creator &&
            address(uint160(edition)) == auth.to &&
            uint40(edition >> _HOLD_SHIFT) == auth.holdSeconds &&
            ((edition >> _LOCKED_SHIFT) & 1 == 0) == auth.transferable &&
            uint32(facts) == auth.editionSize &&
            uint16(facts >> _FACTS_ROYALTY_SHIFT) == auth.royaltyBps;
    }

    /// @dev Records a new edition and reserves its token ids; emits {EditionRegistered}.
    function _registerEdition(EditionAuthorization calldata auth) internal returns (uint256 first) {
        first = uint256(_lastTokenId) + 1;
        _lastTokenId += auth.editionSize; // checked: ids stay within uint96
        _registrations[auth.contentHash] = (uint256(uint160(auth.creator)) << _CREATOR_SHIFT) | first;
        _contentHashes[first] = auth.contentHash;
        _editions[first] =
            uint256(uint160(auth.to)) |
            (uint256(auth.holdSeconds) << _HOLD_SHIFT) |
            (auth.transferable ? 0 : 1 << _LOCKED_SHIFT);
        _editionFacts[first] =
            uint256(auth.editionSize) |
            (uint256(auth.royaltyBps) << _FACTS_ROYALTY_SHIFT) |
            (uint256(uint40(block.timestamp)) << _FACTS_REGISTERED_SHIFT);
        _groups[first >> _GROUP_SHIFT] |= 1 << (_HEADS_SHIFT + (first & _GROUP_POSITION_MASK));
        emit EditionRegistered(
            first,
            auth.creator,
            auth.contentHash,
            auth.editionSize,
            auth.holdSeconds,
            auth.transferable
        );
    }

    /**
     * @dev Takes the next `count` numbers of the edition: bumps its minted count and, per group of
     * 64 ids the range touches, sets the cover (the groups after the edition's first) and the mint
     * time. Returns the range `[start, end)`.
     */
    function _reserveMint(uint256 first, uint32 count) internal returns (uint256 start, uint256 end) {
        uint256 edition = _editions[first];
        uint256 minted = uint32(edition >> _MINTED_SHIFT);
        uint256 remaining = uint32(_editionFacts[first]) - minted;
        if (count > remaining) revert EditionExhausted(first, remaining, count);
        _editions[first] = edition + (uint256(count) << _MINTED_SHIFT);
        start = first + minted;
        end = start + count;
        uint256 firstGroup = first >> _GROUP_SHIFT;
        uint256 lastGroup = (end - 1) >> _GROUP_SHIFT;
        uint256 stamp = uint256(uint40(block.timestamp)) << _MINTED_AT_SHIFT;
        for (uint256 g = start >> _GROUP_SHIFT; g <= lastGroup; ++g) {
            uint256 word = _groups[g] & ~(_TIME_MASK << _MINTED_AT_SHIFT);
            if (g != firstGroup) word = (word & ~_COVER_MASK) | first;
            _groups[g] = word | stamp;
        }
    }

    /// @dev The events of one minted edition token: `Transfer`, {WorkRegistered} for the first, `Locked`.
    function _emitEditionMint(EditionAuthorization calldata auth, uint256 first, address to, uint256 id) internal {
        emit Transfer(address(0), to, id);
        if (id == first) emit WorkRegistered(first, auth.creator, auth.contentHash);
        if (!auth.transferable) emit Locked(id);
    }

    /**
     * @dev A token's ownership: its word (for an edition token not written yet, one made of the
     * edition's first owner and its group's mint time), its edition's first token and the edition's
     * word (both 0 for a unique work). An unknown token gives a zero word.
     */
    function _ownership(uint256 tokenId) internal view returns (uint256 word, uint256 first, uint256 edition) {
        word = _tokens[tokenId];
        if (word != 0 && word & _EDITION_TOKEN == 0) return (word, 0, 0);
        uint256 group;
        (first, group) = _editionStartOf(tokenId);
        if (first == 0) return (0, 0, 0);
        edition = _editions[first];
        if (word == 0) {
            if (tokenId - first >= uint32(edition >> _MINTED_SHIFT)) return (0, 0, 0);
            word = uint160(edition) | (((group >> _MINTED_AT_SHIFT) & _TIME_MASK) << _ARRIVED_SHIFT) | _EDITION_TOKEN;
        }
    }

    /// @dev {_ownership} of a token that must exist (`ERC721NonexistentToken` otherwise).
    function _existing(uint256 tokenId) internal view returns (uint256 word, uint256 first, uint256 edition) {
        (word, first, edition) = _ownership(tokenId);
        if (word == 0) revert ERC721NonexistentToken(tokenId);
    }

    /**
     * @dev The first token of the edition whose reserved range holds `tokenId` (0 when none), and
     * the word of the token's group: the highest edition start at or before the token within its
     * group, else the group's cover.
     */
    function _editionStartOf(uint256 tokenId) internal view returns (uint256 first, uint256 group) {
        group = _groups[tokenId >> _GROUP_SHIFT];
        uint256 position = tokenId & _GROUP_POSITION_MASK;
        uint256 heads = uint64(group >> _HEADS_SHIFT) & ((2 << position) - 1);
        first = heads != 0 ? (tokenId & ~_GROUP_POSITION_MASK) | Math.log2(heads) : group & _COVER_MASK;
    }

    /// @dev A minted token's work's first token, offset (number - 1) and size; reverts for an unknown token.
    function _editionOf(uint256 tokenId) internal view returns (uint256 first, uint256 offset, uint256 size) {
        (, first, ) = _existing(tokenId);
        if (first == 0) return (tokenId, 0, 1);
        return (first, tokenId - first, uint32(_editionFacts[first]));
    }

    /// @dev Whether a minted token's work is not transferable.
    function _workLocked(uint256 tokenId) internal view returns (bool) {
        (, uint256 first, uint256 edition) = _ownership(tokenId);
        return first != 0 && (edition >> _LOCKED_SHIFT) & 1 != 0;
    }

    /**
     * @dev Why the circulation rules refuse to move a minted token now, as the selector of the error
     * and its detail (reason code or transferable time), or zero: locked, then frozen, then held.
     */
    function _circulationRefusal(
        uint256 tokenId,
        uint256 word,
        uint256 first,
        uint256 edition
    ) internal view returns (bytes4 refusal, uint256 detail) {
        if (first != 0 && (edition >> _LOCKED_SHIFT) & 1 != 0) return (TokenLocked.selector, 0);
        if (_frozenCount != 0) {
            uint256 freezeWord = _freezes[tokenId];
            if (freezeWord != 0) return (TokenIsFrozen.selector, uint32(freezeWord));
        }
        uint256 until = _heldUntil(tokenId, word, first, edition);
        if (block.timestamp < until) return (TokenHeld.selector, until);
        return (bytes4(0), 0);
    }

    /// @dev Reverts with the circulation error {_circulationRefusal} named.
    function _revertCirculation(bytes4 refusal, uint256 tokenId, uint256 detail) internal pure {
        if (refusal == TokenLocked.selector) revert TokenLocked(tokenId);
        if (refusal == TokenIsFrozen.selector) revert TokenIsFrozen(tokenId, uint32(detail));
        revert TokenHeld(tokenId, detail);
    }

    /// @dev Arrival plus the longer of the work's hold and the minimum hold; 0 when neither is set.
    function _heldUntil(uint256 tokenId, uint256 word, uint256 first, uint256 edition) internal view returns (uint256) {
        uint256 hold = first == 0 ? 0 : uint40(edition >> _HOLD_SHIFT);
        uint256 minimum = _minimumHold;
        if (minimum > hold) hold = minimum;
        if (hold == 0) return 0;
        uint256 arrivedAt = first == 0 ? _uniqueArrival(tokenId, word) : (word >> _ARRIVED_SHIFT) & _TIME_MASK;
        return arrivedAt + hold;
    }

    /**
     * @dev When a unique work's token arrived at its owner. Never moved: its registration. Moved:
     * `_update` records arrivals only while a minimum hold is set (the only hold a unique work has),
     * so an arrival made while none was set is taken as the moment the minimum hold was last set
     * from zero, never earlier than the real one.
     */
    function _uniqueArrival(uint256 tokenId, uint256 word) internal view returns (uint256) {
        if (word >> _NONCE_SHIFT == 0) return uint40(word >> _REGISTERED_AT_SHIFT);
        return Math.max(_arrivals[tokenId], _minimumHoldSince);
    }

    /// @dev The selector of a self-call's revert data; `ERC721InvalidReceiver` when there is none.
    function _selectorOf(bytes memory revertData) internal pure returns (bytes4) {
        if (revertData.length < 4) return ERC721InvalidReceiver.selector;
        return bytes4(revertData);
    }

    /// @dev EIP-712 digest of an {EditionAuthorization} (a static struct: abi.encode is its encodeData).
    function _hashEditionAuthorization(EditionAuthorization calldata auth) internal view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(EDITION_AUTHORIZATION_TYPEHASH, auth)));
    }

    /// @dev EIP-712 digest of an {EditionRecipients} chunk.
    function _hashEditionRecipients(
        bytes32 contentHash,
        uint32 firstNumber,
        address[] calldata recipients
    ) internal view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        EDITION_RECIPIENTS_TYPEHASH,
                        contentHash,
                        firstNumber,
                        keccak256(abi.encodePacked(recipients))
                    )
                )
            );
    }

    /// @dev EIP-712 digest of a {MetadataChange}.
    function _hashMetadataChange(MetadataChange calldata change) internal view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(METADATA_CHANGE_TYPEHASH, change)));
    }

    /// @dev EIP-712 digest of a {MintAuthorization}.
    function _hashMintAuthorization(MintAuthorization calldata auth) internal view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        MINT_AUTHORIZATION_TYPEHASH,
                        auth.creator,
                        auth.to,
                        auth.contentHash,
                        auth.royaltyBps,
                        auth.deadline
                    )
                )
            );
    }

    /// @dev EIP-712 digest of a {TransferAuthorization}.
    function _hashTransferAuthorization(TransferAuthorization calldata auth) internal view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        TRANSFER_AUTHORIZATION_TYPEHASH,
                        auth.from,
                        auth.to,
                        auth.tokenId,
                        auth.nonce,
                        auth.deadline
                    )
                )
            );
    }
}
