// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DigitalCollectionStorage} from "./DigitalCollectionStorage.sol";

/**
 * @title CollectionSettings
 * @notice The collection-wide switches of {DigitalCollection}: the pause, which blocks minting and
 * every kind of transfer but never a read, and the base of every `tokenURI`.
 * @dev The pause flag lives in slot 13 beside the token counter (see {DigitalCollectionStorage}),
 * not in Pausable's own slot, so that a mint or a transfer reads one cold slot for both.
 */
abstract contract CollectionSettings is DigitalCollectionStorage {
    /// @notice Role allowed to {pause} and {unpause} the contract.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /**
     * @notice Emitted when the base of every `tokenURI` changed.
     * @param baseURI The new base URI.
     */
    event BaseURIUpdated(string baseURI);

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
     * @notice Changes the base of every `tokenURI`.
     * @dev Caller must have `DEFAULT_ADMIN_ROLE`. Emits {BaseURIUpdated}.
     * @param baseURI_ The new base URI (the token id is appended to it).
     */
    function setBaseURI(string calldata baseURI_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setBaseURI(baseURI_);
    }

    /**
     * @notice Whether minting and transfers are paused.
     * @return True while paused.
     */
    function paused() public view override returns (bool) {
        return _pausedFlag;
    }

    /**
     * @dev Slot 13 ({_collectionWord}) after OpenZeppelin's `whenNotPaused` check (`EnforcedPause`),
     * for paths that go on to use the token counter or the rules of the same word.
     */
    function _collectionWordWhenNotPaused() internal view returns (uint256 collection) {
        collection = _collectionWord();
        if (collection & _PAUSED_BIT != 0) revert EnforcedPause();
    }

    /// @dev OpenZeppelin's `_pause` on this contract's flag. Emits `Paused`.
    function _pause() internal override whenNotPaused {
        _pausedFlag = true;
        emit Paused(_msgSender());
    }

    /// @dev OpenZeppelin's `_unpause` on this contract's flag. Emits `Unpaused`.
    function _unpause() internal override whenPaused {
        _pausedFlag = false;
        emit Unpaused(_msgSender());
    }

    /// @dev Base of `tokenURI`: the stored base URI.
    function _baseURI() internal view override returns (string memory) {
        return _baseTokenURI;
    }

    /// @dev Stores the base URI and emits {BaseURIUpdated}.
    function _setBaseURI(string memory baseURI_) internal {
        _baseTokenURI = baseURI_;
        emit BaseURIUpdated(baseURI_);
    }
}
