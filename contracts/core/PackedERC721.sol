// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CirculationRules} from "../circulation/CirculationRules.sol";

/**
 * @title PackedERC721
 * @notice OpenZeppelin's ERC-721 transfers on the packed words of {DigitalCollectionStorage}: the
 * same checks, approval clearing and `Transfer` event, with owner and transfer nonce changed in one
 * write, the pause and the circulation rules applied to every transfer path.
 */
abstract contract PackedERC721 is CirculationRules {
    /**
     * @dev OpenZeppelin's `_update` on the packed storage. Blocks transfers while paused
     * (`EnforcedPause`), refuses a token the circulation rules hold back ({TokenLocked},
     * {TokenIsFrozen}, {TokenHeld}) and bumps the token's transfer nonce on every transfer. Mints
     * never come here (they write their words themselves). A unique work's registration time and
     * royalty are kept and its arrival goes to `_arrivals` while a minimum hold is set; an edition
     * token's word records its arrival.
     *
     * Slot 13 (pause, minimum hold, freeze count) is read once for all three.
     */
    function _update(address to, uint256 tokenId, address auth) internal override returns (address from) {
        uint256 collection = _collectionWordWhenNotPaused();
        uint256 word = _tokens[tokenId];
        uint256 first;
        uint256 edition;
        if (word == 0 || word & (_EDITION_TOKEN | _FREE) == _EDITION_TOKEN) {
            (word, first, edition) = _ownership(tokenId);
        }
        from = address(uint160(word));

        if (auth != address(0)) {
            _checkAuthorized(from, auth, tokenId);
        }

        if (from != address(0)) {
            // A token without rules (no minimum hold, no freeze anywhere, no hold or lock of its
            // work) skips the rules altogether.
            if (collection & _COLLECTION_RULES != 0 || edition & _EDITION_RULES != 0) {
                (bytes4 refusal, uint256 detail) = _circulationRefusal(
                    tokenId,
                    word,
                    first,
                    edition,
                    uint32(collection >> _FROZEN_COUNT_SHIFT),
                    uint64(collection >> _MINIMUM_HOLD_SHIFT)
                );
                if (refusal != bytes4(0)) _revertCirculation(refusal, tokenId, detail);
            }
            // Clear the approval, without an event as OpenZeppelin; skip the write when none is set
            // (an edition token's word says whether one may be).
            if (word & _EDITION_TOKEN == 0 ? _getApproved(tokenId) != address(0) : word & _APPROVED != 0) {
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

        if (word & _EDITION_TOKEN == 0) {
            word = (word & ~_OWNER_MASK) | uint160(to);
            if (collection & (uint256(type(uint64).max) << _MINIMUM_HOLD_SHIFT) != 0) _arrivals[tokenId] = block.timestamp;
        } else {
            word =
                (word & ~(_OWNER_MASK | (_TIME_MASK << _ARRIVED_SHIFT) | _APPROVED)) |
                uint160(to) |
                (uint256(uint40(block.timestamp)) << _ARRIVED_SHIFT);
            if (first != 0 && edition & _EDITION_RULES == 0) word |= _FREE;
        }
        _tokens[tokenId] = word;

        emit Transfer(from, to, tokenId);
    }

    /**
     * @dev OpenZeppelin's `_approve`; an approval of an edition token also marks its word (writing
     * it if the token never moved), so that transfers of unapproved edition tokens skip the read.
     */
    function _approve(address to, uint256 tokenId, address auth, bool emitEvent) internal override {
        super._approve(to, tokenId, auth, emitEvent);
        if (to == address(0)) return;
        (uint256 word, uint256 first, ) = _ownership(tokenId);
        if (first != 0 && word & _APPROVED == 0) _tokens[tokenId] = word | _APPROVED;
    }
}
