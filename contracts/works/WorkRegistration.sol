// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Authorizations} from "../core/Authorizations.sol";

/**
 * @title WorkRegistration
 * @notice What registering a content hash means, for a unique work and for an edition alike: a
 * creator, a content hash registered once, a royalty within {MAX_ROYALTY_BPS}, and the
 * {WorkRegistered} event.
 */
abstract contract WorkRegistration is Authorizations {
    /// @notice Highest royalty a creator can set, in basis points (1000 = 10%).
    uint96 public constant MAX_ROYALTY_BPS = 1000;

    /**
     * @notice Emitted when a work is registered and its token minted (right after the mint's `Transfer`).
     * @param tokenId The new token.
     * @param creator The author of the work.
     * @param contentHash SHA-256 of the work's bytes.
     */
    event WorkRegistered(uint256 indexed tokenId, address indexed creator, bytes32 indexed contentHash);

    /**
     * @notice The content hash is already registered as `tokenId`.
     * @param contentHash The content hash of the refused work.
     * @param tokenId The token that already holds this content hash.
     */
    error WorkAlreadyRegistered(bytes32 contentHash, uint256 tokenId);

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
     * @dev The checks every registration starts with, in this order: {ZeroCreator},
     * {ZeroContentHash}, {RoyaltyTooHigh}.
     */
    function _checkTerms(address creator, bytes32 contentHash, uint96 royaltyBps) internal pure {
        if (creator == address(0)) revert ZeroCreator();
        if (contentHash == bytes32(0)) revert ZeroContentHash();
        if (royaltyBps > MAX_ROYALTY_BPS) revert RoyaltyTooHigh(royaltyBps, MAX_ROYALTY_BPS);
    }

    /// @dev The selector of the error {_checkTerms} would revert with, or zero.
    function _termsFailure(address creator, bytes32 contentHash, uint96 royaltyBps) internal pure returns (bytes4) {
        if (creator == address(0)) return ZeroCreator.selector;
        if (contentHash == bytes32(0)) return ZeroContentHash.selector;
        if (royaltyBps > MAX_ROYALTY_BPS) return RoyaltyTooHigh.selector;
        return bytes4(0);
    }

    /// @dev Records a content hash's registration: its first token and its creator.
    function _recordRegistration(bytes32 contentHash, address creator, uint256 firstTokenId) internal {
        _registrations[contentHash] = (uint256(uint160(creator)) << _CREATOR_SHIFT) | firstTokenId;
        _contentHashes[firstTokenId] = contentHash;
    }
}
