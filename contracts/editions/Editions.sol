// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721Utils} from "@openzeppelin/contracts/token/ERC721/utils/ERC721Utils.sol";
import {WorkRegistration} from "../works/WorkRegistration.sol";

/**
 * @title Editions
 * @notice Numbered editions: a creator signs an {EditionAuthorization} for `editionSize` tokens
 * of one work, with their hold and transferability, and a {MINTER_ROLE} holder mints them to the
 * edition's first owner ({mintEdition}) or to recipients the creator chose ({mintEditionTo}), in
 * one or several calls.
 * @dev Minted tokens are not written one by one: an edition reserves its ids, bumps its minted
 * count and stamps one word per group of 64 ids (see {DigitalCollectionStorage}).
 */
abstract contract Editions is WorkRegistration {
    /// @notice EIP-712 type hash of {EditionAuthorization}.
    bytes32 public constant EDITION_AUTHORIZATION_TYPEHASH =
        keccak256(
            "EditionAuthorization(address creator,address to,bytes32 contentHash,uint96 royaltyBps,uint32 editionSize,uint64 holdSeconds,bool transferable,uint256 deadline)"
        );

    /// @notice EIP-712 type hash of {EditionRecipients}.
    bytes32 public constant EDITION_RECIPIENTS_TYPEHASH =
        keccak256("EditionRecipients(bytes32 contentHash,uint32 firstNumber,address[] recipients)");

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
     * move (see the storage layout in {DigitalCollectionStorage}). A contract `auth.to` must accept
     * every token as in `safeTransferFrom`.
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
    ) external onlyRole(MINTER_ROLE) returns (uint256 firstTokenId) {
        uint256 edition;
        (firstTokenId, edition) = _checkEdition(auth, signature, count, _collectionWordWhenNotPaused());
        (uint256 start, uint256 end) = _reserveMint(firstTokenId, edition, auth.editionSize, count);
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
    ) external onlyRole(MINTER_ROLE) returns (uint256 firstTokenId) {
        uint256 edition;
        (firstTokenId, edition) = _checkEdition(auth, signature, recipients.length, _collectionWordWhenNotPaused());
        _checkSignature(
            auth.creator,
            _hashEditionRecipients(auth.contentHash, uint32((edition >> _MINTED_SHIFT) + 1), recipients),
            recipientsSignature
        );
        (uint256 start, ) = _reserveMint(firstTokenId, edition, auth.editionSize, uint32(recipients.length));
        _mintToRecipients(auth, firstTokenId, start, recipients);
    }

    /**
     * @notice Where a token stands in its work: the work's first token, its number and the
     * edition's size; `(tokenId, 1, 1)` for a unique work.
     * @dev Reverts with `ERC721NonexistentToken(tokenId)` for a token not minted (reserved edition
     * numbers included).
     * @param tokenId The token.
     * @return firstTokenId The work's first token (number 1), which `tokenOfContent` returns.
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
     * @dev The checks of {mintEdition} and {mintEditionTo}, in this order: a `count` of at least
     * one ({EmptyBatch}) that fits a uint32 ({EditionExhausted}), the registration terms
     * ({_checkTerms}), the edition's size and hold, the deadline, an unregistered content hash or
     * the same edition ({WorkAlreadyRegistered}), the creator's signature and `auth.to`. Registers
     * the edition when its content hash is new, taking its ids from `collection`, slot 13 as read
     * in this call ({_collectionWord}). Returns the edition's first token id and its `_editions`
     * word as stored now (the size is `auth.editionSize`, which a registered edition has been
     * checked to match).
     */
    function _checkEdition(
        EditionAuthorization calldata auth,
        bytes calldata signature,
        uint256 count,
        uint256 collection
    ) internal returns (uint256 first, uint256 edition) {
        if (count == 0) revert EmptyBatch();
        if (count > type(uint32).max) revert EditionExhausted(0, type(uint32).max, count);
        _checkTerms(auth.creator, auth.contentHash, auth.royaltyBps);
        if (auth.editionSize == 0) revert InvalidEditionSize(0);
        if (auth.holdSeconds > MAX_HOLD_SECONDS) revert HoldTooLong(auth.holdSeconds, MAX_HOLD_SECONDS);
        if (auth.deadline < block.timestamp) revert AuthorizationExpired(auth.deadline);
        uint256 registration = _registrations[auth.contentHash];
        first = uint96(registration);
        if (registration != 0) {
            edition = _editions[first];
            if (!_sameEdition(auth, registration, edition)) revert WorkAlreadyRegistered(auth.contentHash, first);
        }
        _checkSignature(auth.creator, _hashEditionAuthorization(auth), signature);
        if (auth.to == address(0)) revert ERC721InvalidReceiver(address(0));
        if (registration == 0) (first, edition) = _registerEdition(auth, collection);
    }

    /**
     * @dev Whether a registered content hash is the edition `auth` describes (its deadline aside);
     * `edition` is the `_editions` word of the registration's first token.
     */
    function _sameEdition(
        EditionAuthorization calldata auth,
        uint256 registration,
        uint256 edition
    ) internal view returns (bool) {
        uint256 first = uint96(registration);
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

    /**
     * @dev Records a new edition and reserves its token ids after the counter of `collection` (slot
     * 13 as read in this call), storing the word with the new counter; emits {EditionRegistered}.
     * Returns the first token id and the edition's new `_editions` word.
     */
    function _registerEdition(
        EditionAuthorization calldata auth,
        uint256 collection
    ) internal returns (uint256 first, uint256 edition) {
        uint96 last = uint96(collection);
        first = uint256(last) + 1;
        last += auth.editionSize; // checked: ids stay within uint96
        _storeCollectionWord((collection & ~_LAST_TOKEN_ID_MASK) | last);
        _recordRegistration(auth.contentHash, auth.creator, first);
        edition =
            uint256(uint160(auth.to)) |
            (uint256(auth.holdSeconds) << _HOLD_SHIFT) |
            (auth.transferable ? 0 : 1 << _LOCKED_SHIFT);
        _editions[first] = edition;
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
     * time. `edition` is the edition's `_editions` word as stored and `size` its size. Returns the
     * range `[start, end)`.
     */
    function _reserveMint(
        uint256 first,
        uint256 edition,
        uint256 size,
        uint32 count
    ) internal returns (uint256 start, uint256 end) {
        uint256 minted = uint32(edition >> _MINTED_SHIFT);
        uint256 remaining = size - minted;
        if (count > remaining) revert EditionExhausted(first, remaining, count);
        _editions[first] = edition + (uint256(count) << _MINTED_SHIFT);
        start = first + minted;
        end = start + count;
        uint256 firstGroup = first >> _GROUP_SHIFT;
        uint256 lastGroup = (end - 1) >> _GROUP_SHIFT;
        uint256 stamp = uint256(uint40(block.timestamp)) << _MINTED_AT_SHIFT;
        // The masks as locals: computed once rather than in every round (the optimizer may build a
        // constant from smaller pushes where it is used, to keep the code short).
        uint256 keep = ~(_TIME_MASK << _MINTED_AT_SHIFT);
        uint256 keepAllButCover = keep & ~_COVER_MASK;
        for (uint256 g = start >> _GROUP_SHIFT; g <= lastGroup; ++g) {
            uint256 word = _groups[g];
            word = g != firstGroup ? (word & keepAllButCover) | first : word & keep;
            _groups[g] = word | stamp;
        }
    }

    /// @dev The effects of {mintEditionTo} on the reserved numbers from `start`, then the receivers' answers.
    function _mintToRecipients(
        EditionAuthorization calldata auth,
        uint256 first,
        uint256 start,
        address[] calldata recipients
    ) internal {
        uint256 layout = auth.holdSeconds == 0 && auth.transferable ? _EDITION_TOKEN | _FREE : _EDITION_TOKEN;
        uint256 arrived = uint256(uint40(block.timestamp)) << _ARRIVED_SHIFT;
        for (uint256 i = 0; i < recipients.length; ++i) {
            address to = recipients[i];
            if (to == address(0)) revert ERC721InvalidReceiver(address(0));
            // A recipient that is the edition's first owner needs no word, as after {mintEdition}.
            if (to != auth.to) _tokens[start + i] = uint256(uint160(to)) | arrived | layout;
            unchecked {
                ++_tokenBalances[to];
            }
            _emitEditionMint(auth, first, to, start + i);
        }
        for (uint256 i = 0; i < recipients.length; ++i) {
            ERC721Utils.checkOnERC721Received(_msgSender(), address(0), recipients[i], start + i, "");
        }
    }

    /// @dev The events of one minted edition token: `Transfer`, {WorkRegistered} for the first, `Locked`.
    function _emitEditionMint(EditionAuthorization calldata auth, uint256 first, address to, uint256 id) internal {
        emit Transfer(address(0), to, id);
        if (id == first) emit WorkRegistered(first, auth.creator, auth.contentHash);
        if (!auth.transferable) emit Locked(id);
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
}
