// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC2981} from "@openzeppelin/contracts/token/common/ERC2981.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

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
contract DigitalCollection is ERC721, ERC2981, AccessControl, Pausable, EIP712 {
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

    string private _baseTokenURI;
    // uint96 so that every token id fits its registration word; ++ is checked.
    uint96 private _lastTokenId;
    mapping(uint256 tokenId => uint256 word) private _tokens;
    mapping(uint256 tokenId => bytes32 contentHash) private _contentHashes;
    mapping(bytes32 contentHash => uint256 word) private _registrations;
    mapping(address owner => uint256 balance) private _tokenBalances;

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
     * The token is minted with `_mint` (the receiver's `onERC721Received` is not called). When
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
    }

    /**
     * @notice Registers several works in one transaction, relayed by a {MINTER_ROLE} holder.
     * @dev Skip-and-emit: every item gets every check of {mintWork}, in order; an item that
     * {mintWork} would refuse is skipped, {MintSkipped} names it and the selector of the error
     * {mintWork} would revert with, and the other items are minted. An item whose content hash an
     * earlier item of the same batch registered is skipped as `WorkAlreadyRegistered`. A skipped
     * item consumes no token id. Requirements: caller has {MINTER_ROLE}; not paused;
     * `auths.length == signatures.length > 0` ({BatchLengthMismatch}, {EmptyBatch}). A zero `to`
     * is skipped as `ERC721InvalidReceiver`, the error {mintWork} reverts with.
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
                tokenIds[i] = _registerWork(auth);
            } else {
                emit MintSkipped(i, auth.contentHash, reason);
            }
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
     * Moves the token with `_transfer` (the receiver's `onERC721Received` is not called) and bumps
     * the token's {transferNonce}, so the authorization cannot be replayed. Emits `Transfer`.
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
    }

    /**
     * @notice Transfers several tokens with their owners' signatures in one transaction; anyone
     * can relay it.
     * @dev Skip-and-emit: every item gets every check of {transferWithAuthorization}, in order; an
     * item that {transferWithAuthorization} would refuse is skipped, {TransferSkipped} names it and
     * the selector of the error it would revert with, and the other items are transferred. A
     * skipped item does not bump the token's {transferNonce}; a second item for a token moved
     * earlier in the batch is skipped (`ERC721IncorrectOwner` once the owner changed, else
     * `InvalidTransferNonce`).
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
                _transfer(auth.from, auth.to, auth.tokenId);
                transferred[i] = true;
            } else {
                emit TransferSkipped(i, auth.tokenId, reason);
            }
        }
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
     * @dev Reverts with `ERC721NonexistentToken(tokenId)` for an unknown token.
     * @param tokenId The token.
     * @return The work's creator, registration timestamp and content hash.
     */
    function workOf(uint256 tokenId) external view returns (Work memory) {
        _requireOwned(tokenId);
        bytes32 contentHash = _contentHashes[tokenId];
        return
            Work({
                creator: _creatorOf(contentHash),
                registeredAt: uint40(_tokens[tokenId] >> _REGISTERED_AT_SHIFT),
                contentHash: contentHash
            });
    }

    /**
     * @notice The token that registered a content hash.
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
     * @notice Number of works registered so far, which is also the highest token id.
     * @return The number of registered works.
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
        uint256 royaltyBps = uint16(_tokens[tokenId] >> _ROYALTY_SHIFT);
        if (royaltyBps == 0) return (address(0), 0);
        receiver = _creatorOf(_contentHashes[tokenId]);
        // mulDiv, as OpenZeppelin's ERC2981: no overflow for any sale price.
        amount = Math.mulDiv(salePrice, royaltyBps, _feeDenominator());
    }

    /**
     * @notice Whether the contract implements an interface: ERC-165, ERC-721, ERC-721 Metadata,
     * ERC-2981 and AccessControl.
     * @param interfaceId The ERC-165 interface identifier.
     * @return True when the interface is supported.
     */
    function supportsInterface(
        bytes4 interfaceId
    ) public view override(ERC721, ERC2981, AccessControl) returns (bool) {
        return super.supportsInterface(interfaceId);
    }

    /// @dev Base of {tokenURI}: the stored base URI.
    function _baseURI() internal view override returns (string memory) {
        return _baseTokenURI;
    }

    /// @dev The owner bits of the token's packed word.
    function _ownerOf(uint256 tokenId) internal view override returns (address) {
        return address(uint160(_tokens[tokenId]));
    }

    /**
     * @dev OpenZeppelin's `_update` on the packed storage: same checks, approval clearing and
     * `Transfer` event, but owner and transfer nonce change in one write. Also blocks mints and
     * transfers while paused and bumps the token's transfer nonce on every transfer (not on mint).
     * Registration time and royalty are kept.
     */
    function _update(
        address to,
        uint256 tokenId,
        address auth
    ) internal override whenNotPaused returns (address from) {
        uint256 word = _tokens[tokenId];
        from = address(uint160(word));

        if (auth != address(0)) {
            _checkAuthorized(from, auth, tokenId);
        }

        if (from != address(0)) {
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

        _tokens[tokenId] = (word & ~_OWNER_MASK) | uint160(to);

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
        uint256 word = _tokens[auth.tokenId];
        address owner = address(uint160(word));
        if (owner == address(0)) return ERC721NonexistentToken.selector;
        if (owner != auth.from) return ERC721IncorrectOwner.selector;
        if (auth.to == address(0)) return ERC721InvalidReceiver.selector;
        if (auth.nonce != word >> _NONCE_SHIFT) return InvalidTransferNonce.selector;
        if (!SignatureChecker.isValidSignatureNowCalldata(auth.from, _hashTransferAuthorization(auth), signature)) {
            return InvalidSignature.selector;
        }
        return bytes4(0);
    }

    /**
     * @dev Effects of a checked mint authorization, shared by {mintWork} and {mintWorks}: records
     * the registration, mints to `auth.to` and emits `Transfer` then {WorkRegistered}.
     */
    function _registerWork(MintAuthorization calldata auth) internal returns (uint256 tokenId) {
        uint96 id = ++_lastTokenId;
        tokenId = id;
        _registrations[auth.contentHash] = (uint256(uint160(auth.creator)) << _CREATOR_SHIFT) | id;
        _contentHashes[tokenId] = auth.contentHash;
        _mint(auth.to, tokenId);
        // `_mint` wrote the owner bits; the facts go beside them in the same, now warm, slot.
        // uint40 seconds last until the year 36812; royaltyBps <= MAX_ROYALTY_BPS fits 16 bits.
        _tokens[tokenId] |=
            (uint256(uint40(block.timestamp)) << _REGISTERED_AT_SHIFT) |
            (uint256(auth.royaltyBps) << _ROYALTY_SHIFT);

        emit WorkRegistered(tokenId, auth.creator, auth.contentHash);
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
