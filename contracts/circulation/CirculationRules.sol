// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {PackedOwnership} from "../core/PackedOwnership.sol";

/**
 * @title CirculationRules
 * @notice When a token may leave its owner: its work's hold and transferability (signed by the
 * creator with an edition), the collection's minimum hold and the operator's freezes (ERC-5192
 * `locked`). Every transfer path asks {_circulationRefusal}; a refused transfer reverts with
 * {TokenLocked}, {TokenIsFrozen} or {TokenHeld}, or is skipped with that selector in a batch.
 */
abstract contract CirculationRules is PackedOwnership {
    /// @notice Role allowed to set the collection's {minimumHold} and to {freeze} and {unfreeze} tokens.
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    /// @notice Longest hold, the work's or the collection's, in seconds (a uint40, about 34,800 years).
    uint64 public constant MAX_HOLD_SECONDS = type(uint40).max;

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
        return _heldUntil(tokenId, word, first, edition, _minimumHold);
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

    /// @dev Whether a minted token's work is not transferable.
    function _workLocked(uint256 tokenId) internal view returns (bool) {
        (, uint256 first, uint256 edition) = _ownership(tokenId);
        return first != 0 && (edition >> _LOCKED_SHIFT) & 1 != 0;
    }

    /**
     * @dev Why the circulation rules refuse to move a minted token now, as the selector of the error
     * and its detail (reason code or transferable time), or zero: locked, then frozen, then held.
     * `frozenCount` and `minimum` are the collection's (slot 13, which the caller has read).
     */
    function _circulationRefusal(
        uint256 tokenId,
        uint256 word,
        uint256 first,
        uint256 edition,
        uint256 frozenCount,
        uint256 minimum
    ) internal view returns (bytes4 refusal, uint256 detail) {
        if (first != 0 && (edition >> _LOCKED_SHIFT) & 1 != 0) return (TokenLocked.selector, 0);
        if (frozenCount != 0) {
            uint256 freezeWord = _freezes[tokenId];
            if (freezeWord != 0) return (TokenIsFrozen.selector, uint32(freezeWord));
        }
        uint256 until = _heldUntil(tokenId, word, first, edition, minimum);
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
    function _heldUntil(
        uint256 tokenId,
        uint256 word,
        uint256 first,
        uint256 edition,
        uint256 minimum
    ) internal view returns (uint256) {
        uint256 hold = first == 0 ? 0 : uint40(edition >> _HOLD_SHIFT);
        if (minimum > hold) hold = minimum;
        if (hold == 0) return 0;
        uint256 arrivedAt = word & _EDITION_TOKEN == 0
            ? _uniqueArrival(tokenId, word)
            : (word >> _ARRIVED_SHIFT) & _TIME_MASK;
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
}
