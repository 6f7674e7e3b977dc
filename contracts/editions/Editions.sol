// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721Utils} from "@openzeppelin/contracts/token/ERC721/utils/ERC721Utils.sol";
import {EditionRegistration} from "./EditionRegistration.sol";

/**
 * @title Editions
 * @notice Numbered editions: a creator signs an {EditionAuthorization} for `editionSize` tokens
 * of one work, with their hold and transferability, and a {MINTER_ROLE} holder mints them to the
 * edition's first owner ({mintEdition}) or to recipients the creator chose ({mintEditionTo}), in
 * one or several calls.
 * @dev Minted tokens are not written one by one: an edition reserves its ids, bumps its minted
 * count and stamps one word per group of 64 ids (see {DigitalCollectionStorage}).
 */
abstract contract Editions is EditionRegistration {
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
}
