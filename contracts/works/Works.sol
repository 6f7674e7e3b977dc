// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721Utils} from "@openzeppelin/contracts/token/ERC721/utils/ERC721Utils.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {WorkRegistration} from "./WorkRegistration.sol";

/**
 * @title Works
 * @notice Unique works: a creator signs a {MintAuthorization}, a {MINTER_ROLE} holder relays it
 * ({mintWork}, or many at once with {mintWorks}), and the work's token is minted with its facts.
 */
abstract contract Works is WorkRegistration {
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

    /// @notice EIP-712 type hash of {MintAuthorization}.
    bytes32 public constant MINT_AUTHORIZATION_TYPEHASH =
        keccak256(
            "MintAuthorization(address creator,address to,bytes32 contentHash,uint96 royaltyBps,uint256 deadline)"
        );

    /**
     * @notice Emitted when {mintWorks} skipped an item that {mintWork} would have refused.
     * @param index The item's position in the batch.
     * @param contentHash The item's content hash.
     * @param reason Selector of the custom error {mintWork} would revert with.
     */
    event MintSkipped(uint256 indexed index, bytes32 contentHash, bytes4 reason);

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
     * royalty is set and `royaltyInfo` returns `(address(0), 0)` for the token.
     *
     * Emits `Transfer(address(0), auth.to, tokenId)` then {WorkRegistered}.
     * @param auth The creator's mint authorization.
     * @param signature The creator's signature of `auth`.
     * @return tokenId The new token's id (ids start at 1).
     */
    function mintWork(
        MintAuthorization calldata auth,
        bytes calldata signature
    ) external onlyRole(MINTER_ROLE) returns (uint256 tokenId) {
        uint256 collection = _collectionWordWhenNotPaused();
        _checkTerms(auth.creator, auth.contentHash, auth.royaltyBps);
        _checkDeadline(auth.deadline);
        uint256 existing = _registrations[auth.contentHash];
        if (existing != 0) revert WorkAlreadyRegistered(auth.contentHash, uint96(existing));
        _checkSignature(auth.creator, _hashMintAuthorization(auth), signature);

        (tokenId, ) = _registerWork(auth, collection);
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
    ) external onlyRole(MINTER_ROLE) returns (uint256[] memory tokenIds) {
        uint256 collection = _collectionWordWhenNotPaused();
        uint256 count = _checkBatchLengths(auths.length, signatures.length);
        tokenIds = new uint256[](count);
        for (uint256 i = 0; i < count; ++i) {
            MintAuthorization calldata auth = auths[i];
            bytes4 reason = _mintFailure(auth, signatures[i]);
            if (reason == bytes4(0)) {
                if (auth.to.code.length == 0) {
                    (tokenIds[i], collection) = _registerWork(auth, collection);
                    continue;
                }
                try this.mintWorkItem(auth, _msgSender()) returns (uint256 tokenId) {
                    tokenIds[i] = tokenId;
                    // The item wrote slot 13 in its own call.
                    collection = _collectionWord();
                    continue;
                } catch (bytes memory revertData) {
                    reason = _selectorOf(revertData);
                }
            }
            emit MintSkipped(i, auth.contentHash, reason);
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
        (tokenId, ) = _registerWork(auth, _collectionWord());
        ERC721Utils.checkOnERC721Received(operator, address(0), auth.to, tokenId, "");
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
     * @notice The EIP-712 digest of a mint authorization under this contract's domain, the value
     * the creator signs.
     * @param auth The mint authorization.
     * @return The EIP-712 digest (`_hashTypedDataV4` of the struct hash).
     */
    function hashMintAuthorization(MintAuthorization calldata auth) external view returns (bytes32) {
        return _hashMintAuthorization(auth);
    }

    /**
     * @dev Effects of a checked mint authorization, shared by {mintWork} and {mintWorks}: records
     * the registration, mints to `auth.to` and emits `Transfer` then {WorkRegistered}. `collection`
     * is slot 13 as read in this call ({_collectionWord}); the token id is its counter plus one, and
     * the word with the new counter is stored and returned (the counter is read and written once).
     */
    function _registerWork(
        MintAuthorization calldata auth,
        uint256 collection
    ) internal returns (uint256 tokenId, uint256 updated) {
        address to = auth.to;
        _checkReceiver(to);
        uint96 id = uint96(collection) + 1; // checked: ids stay within uint96
        tokenId = id;
        updated = (collection & ~_LAST_TOKEN_ID_MASK) | id;
        _storeCollectionWord(updated);
        _recordRegistration(auth.contentHash, auth.creator, tokenId);
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
     * @dev The selector of the error {mintWork} would revert with for `auth`, in {mintWork}'s
     * order of checks, or zero when it passes them all. Never reverts (ERC-1271 included:
     * `SignatureChecker` treats a reverting wallet as an invalid signature).
     */
    function _mintFailure(MintAuthorization calldata auth, bytes calldata signature) internal view returns (bytes4) {
        bytes4 failure = _termsFailure(auth.creator, auth.contentHash, auth.royaltyBps);
        if (failure != bytes4(0)) return failure;
        if (auth.deadline < block.timestamp) return AuthorizationExpired.selector;
        if (_registrations[auth.contentHash] != 0) return WorkAlreadyRegistered.selector;
        if (!SignatureChecker.isValidSignatureNowCalldata(auth.creator, _hashMintAuthorization(auth), signature)) {
            return InvalidSignature.selector;
        }
        // {mintWork} reaches this check last, inside `_registerWork`.
        if (auth.to == address(0)) return ERC721InvalidReceiver.selector;
        return bytes4(0);
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
}
