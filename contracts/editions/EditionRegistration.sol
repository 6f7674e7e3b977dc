// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {WorkRegistration} from "../works/WorkRegistration.sol";

/**
 * @title EditionRegistration
 * @notice What an {EditionAuthorization} means: the checks both edition mints share, the
 * registration of a new edition (its ids reserved, its rules recorded) and the EIP-712 digests a
 * creator signs for an edition and for a chunk of its recipients.
 */
abstract contract EditionRegistration is WorkRegistration {
    /// @notice EIP-712 type hash of {EditionAuthorization}.
    bytes32 public constant EDITION_AUTHORIZATION_TYPEHASH =
        keccak256(
            "EditionAuthorization(address creator,address to,bytes32 contentHash,uint96 royaltyBps,uint32 editionSize,uint64 holdSeconds,bool transferable,uint256 deadline)"
        );

    /// @notice EIP-712 type hash of {EditionRecipients}.
    bytes32 public constant EDITION_RECIPIENTS_TYPEHASH =
        keccak256("EditionRecipients(bytes32 contentHash,uint32 firstNumber,address[] recipients)");

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
