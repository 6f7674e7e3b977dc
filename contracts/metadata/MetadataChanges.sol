// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Authorizations} from "../core/Authorizations.sol";

/**
 * @title MetadataChanges
 * @notice ERC-4906 announcements of a work's new metadata, signed by its creator
 * ({MetadataChange}) and relayed by a {MINTER_ROLE} holder; a per-work nonce makes each single-use.
 */
abstract contract MetadataChanges is Authorizations {
    /// @notice EIP-712 type hash of {MetadataChange}.
    bytes32 public constant METADATA_CHANGE_TYPEHASH =
        keccak256("MetadataChange(uint256 tokenId,bytes32 metadataHash,uint256 nonce,uint256 deadline)");

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
        _checkDeadline(change.deadline);
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
     * @notice The EIP-712 digest of a metadata change under this contract's domain.
     * @param change The metadata change.
     * @return The EIP-712 digest the creator signs.
     */
    function hashMetadataChange(MetadataChange calldata change) external view returns (bytes32) {
        return _hashMetadataChange(change);
    }

    /// @dev EIP-712 digest of a {MetadataChange}.
    function _hashMetadataChange(MetadataChange calldata change) internal view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(METADATA_CHANGE_TYPEHASH, change)));
    }
}
