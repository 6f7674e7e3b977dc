// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {CollectionSettings} from "./CollectionSettings.sol";

/**
 * @title PackedOwnership
 * @notice Reads of who owns a token and where it stands, from the packed words of
 * {DigitalCollectionStorage}: a unique work's word, or an edition token's word, or, for an edition
 * token that never moved, its edition's first owner found through its group of 64 ids.
 * @dev `ownerOf` never scans: whatever the edition's size it reads at most the token's word, its
 * group's word and its edition's word.
 */
abstract contract PackedOwnership is CollectionSettings {
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
     * @notice The token that registered a content hash: a unique work's token, or an edition's
     * first token (number 1; see {DigitalCollection-editionOf} for the others).
     * @param contentHash SHA-256 of a work's bytes.
     * @return The token id, or 0 when the content hash is not registered.
     */
    function tokenOfContent(bytes32 contentHash) external view returns (uint256) {
        return uint96(_registrations[contentHash]);
    }

    /**
     * @notice The nonce the next {DigitalCollection-TransferAuthorization} of a token must carry.
     * @dev Starts at 0 at mint and increases by one on every transfer of the token, whichever the
     * path (`transferFrom`, `safeTransferFrom`, {DigitalCollection-transferWithAuthorization}).
     * Returns 0 for an unknown token.
     * @param tokenId The token.
     * @return The token's current transfer nonce.
     */
    function transferNonce(uint256 tokenId) external view returns (uint256) {
        return _tokens[tokenId] >> _NONCE_SHIFT;
    }

    /**
     * @notice The highest token id given out so far: one per unique work, an edition's whole range
     * at its registration (so, with editions, not the number of works).
     * @return The highest token id registered or reserved.
     */
    function totalWorks() external view returns (uint256) {
        return _lastTokenId;
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
        (uint256 word, uint256 first, ) = _ownership(tokenId);
        uint256 royaltyBps = first == 0
            ? uint16(word >> _ROYALTY_SHIFT)
            : uint16(_editionFacts[first] >> _FACTS_ROYALTY_SHIFT);
        if (royaltyBps == 0) return (address(0), 0);
        receiver = _creatorOf(_contentHashes[first == 0 ? tokenId : first]);
        // mulDiv, as OpenZeppelin's ERC2981: no overflow for any sale price.
        amount = Math.mulDiv(salePrice, royaltyBps, _feeDenominator());
    }

    /// @dev The owner bits of the token's packed word, or of its edition's first owner while unwritten.
    function _ownerOf(uint256 tokenId) internal view override returns (address) {
        (uint256 word, , ) = _ownership(tokenId);
        return address(uint160(word));
    }

    /// @dev Keeps {balanceOf} in this contract's storage should anything credit balances directly.
    function _increaseBalance(address account, uint128 value) internal override {
        unchecked {
            _tokenBalances[account] += value;
        }
    }

    /**
     * @dev A token's ownership: its word (for an edition token not written yet, one made of the
     * edition's first owner and its group's mint time), its edition's first token and the edition's
     * word (both 0 for a unique work). An unknown token gives a zero word.
     */
    function _ownership(uint256 tokenId) internal view returns (uint256 word, uint256 first, uint256 edition) {
        word = _tokens[tokenId];
        if (word != 0 && word & _EDITION_TOKEN == 0) return (word, 0, 0);
        uint256 group;
        (first, group) = _editionStartOf(tokenId);
        if (first == 0) return (0, 0, 0);
        edition = _editions[first];
        if (word == 0) {
            if (tokenId - first >= uint32(edition >> _MINTED_SHIFT)) return (0, 0, 0);
            word = uint160(edition) | (((group >> _MINTED_AT_SHIFT) & _TIME_MASK) << _ARRIVED_SHIFT) | _EDITION_TOKEN;
        }
    }

    /// @dev {_ownership} of a token that must exist (`ERC721NonexistentToken` otherwise).
    function _existing(uint256 tokenId) internal view returns (uint256 word, uint256 first, uint256 edition) {
        (word, first, edition) = _ownership(tokenId);
        if (word == 0) revert ERC721NonexistentToken(tokenId);
    }

    /**
     * @dev The first token of the edition whose reserved range holds `tokenId` (0 when none), and
     * the word of the token's group: the highest edition start at or before the token within its
     * group, else the group's cover.
     */
    function _editionStartOf(uint256 tokenId) internal view returns (uint256 first, uint256 group) {
        group = _groups[tokenId >> _GROUP_SHIFT];
        uint256 position = tokenId & _GROUP_POSITION_MASK;
        uint256 heads = uint64(group >> _HEADS_SHIFT) & ((2 << position) - 1);
        first = heads != 0 ? (tokenId & ~_GROUP_POSITION_MASK) | Math.log2(heads) : group & _COVER_MASK;
    }

    /// @dev A minted token's work's first token, offset (number - 1) and size; reverts for an unknown token.
    function _editionOf(uint256 tokenId) internal view returns (uint256 first, uint256 offset, uint256 size) {
        (, first, ) = _existing(tokenId);
        if (first == 0) return (tokenId, 0, 1);
        return (first, tokenId - first, uint32(_editionFacts[first]));
    }

    /// @dev The creator recorded with a content hash (`address(0)` when it is not registered).
    function _creatorOf(bytes32 contentHash) internal view returns (address) {
        return address(uint160(_registrations[contentHash] >> _CREATOR_SHIFT));
    }
}
