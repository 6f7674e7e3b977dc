// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC2981} from "@openzeppelin/contracts/token/common/ERC2981.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IDigitalCollectionEditions} from "../IDigitalCollectionEditions.sol";

/**
 * @title DigitalCollectionStorage
 * @notice Every state variable of {DigitalCollection} and the bit layout of its packed words: the one
 * place that states the storage layout. The other parts of the contract declare no state.
 *
 * @dev The order of the bases and of the variables below fixes the slots, which
 * contracts/DigitalCollection.storage.json publishes (a work's proof bundle derives its slots from
 * it, and tests/contracts/StorageLayout.test.js checks both against the compiler): OpenZeppelin's
 * ERC721 (slots 0-5), ERC2981 (6-7), AccessControl (8), Pausable (9) and EIP712 (10-11), then
 * `_baseTokenURI` (12), the shared word of slot 13 and the mappings of slots 14-23. Plain slots and
 * no ERC-7201 namespaces: the layout must stay byte-identical for proofs made before.
 *
 * OpenZeppelin's ERC-721 logic (approvals, safe transfers, errors, events) is used as is, but
 * ownership and balances live in the packed words below, reached through the `_ownerOf`,
 * `balanceOf` and `_update` overrides (OpenZeppelin's own `_owners`, `_balances` and ERC-2981 token
 * royalties are never written). A unique work costs three slots:
 *
 * - `_tokens[id]`: owner (bits 0-159), registration time (uint40, bits 160-199), royalty in basis
 *   points (uint16, bits 200-215) and transfer nonce (uint40, bits 216-255), so a transfer rewrites
 *   a single slot, nonce included;
 * - `_contentHashes[id]`: its content hash;
 * - `_registrations[contentHash]`: token id (uint96, bits 0-95) and creator (bits 96-255).
 *
 * An edition reserves consecutive ids and writes no word per minted token: a token's `_tokens` word
 * stays zero until it first moves, its owner until then being the edition's first owner. An edition
 * token's word keeps owner (bits 0-159) and nonce (bits 216-255) where a unique work's has them,
 * sets bit 215 (beyond any unique royalty, at most 1000), holds in bits 160-199 the time the token
 * arrived at its owner, sets bit 214 while an approval may be stored and bit 213 when its work has
 * no hold and is transferable (a transfer then needs no edition lookup). Per edition, keyed by its
 * first token:
 *
 * - `_editions`: first owner (0-159) | minted (160-191) | holdSeconds (192-231) | not-transferable (232);
 * - `_editionFacts`: size (0-31) | royaltyBps (32-47) | registeredAt (48-87);
 * - `_contentHashes` and `_registrations` as for a unique work.
 *
 * Per group of 64 ids (`id >> 6`), `_groups`: cover (0-95: the edition holding the group's first
 * id) | heads (96-159: bit p set when id `group * 64 + p` starts an edition) | mintedAt (160-199: the
 * group's latest mint), so a token finds its edition by reading one word. `_arrivals` holds a unique
 * work's last arrival while a minimum hold is set; `_freezes` a freeze (reason code in bits 0-31,
 * bit 32 set); `_metadataNonces` a work's metadata nonce.
 *
 * Slot 13 packs `_lastTokenId` (bits 0-95), `_minimumHold` (96-159), `_minimumHoldSince`
 * (160-199), `_frozenCount` (200-231) and `_pausedFlag` (232-239), so that a mint or a transfer
 * reads one cold slot for the pause, the token counter, the minimum hold and the freeze count, and
 * every mapping keeps its slot number.
 */
abstract contract DigitalCollectionStorage is
    IDigitalCollectionEditions,
    ERC721,
    ERC2981,
    AccessControl,
    Pausable,
    EIP712
{
    // A token's word in `_tokens`: owner | registeredAt | royaltyBps | transfer nonce.
    uint256 internal constant _OWNER_MASK = type(uint160).max;
    uint256 internal constant _REGISTERED_AT_SHIFT = 160;
    uint256 internal constant _ROYALTY_SHIFT = 200;
    uint256 internal constant _NONCE_SHIFT = 216;
    // The nonce is the word's top field, so bumping it with a checked addition reverts on overflow
    // instead of wrapping around to a nonce an old authorization was signed for.
    uint256 internal constant _NONCE_ONE = 1 << _NONCE_SHIFT;

    // A content hash's word in `_registrations`: token id | creator.
    uint256 internal constant _CREATOR_SHIFT = 96;

    // An edition token's word in `_tokens`: bits 160-199 hold its arrival, bit 215 marks the layout
    // (a unique work's royalty, at most 1000, never reaches it).
    uint256 internal constant _EDITION_TOKEN = 1 << 215;
    // Set while an approval may be stored for the edition token, so transfers skip reading it otherwise.
    uint256 internal constant _APPROVED = 1 << 214;
    // Set when the token's work has no hold and is transferable, so a transfer of a written edition
    // token needs no edition lookup (the rules of a work never change).
    uint256 internal constant _FREE = 1 << 213;
    uint256 internal constant _ARRIVED_SHIFT = 160;
    uint256 internal constant _TIME_MASK = type(uint40).max;

    // An edition's word in `_editions`: first owner | minted | holdSeconds | locked.
    uint256 internal constant _MINTED_SHIFT = 160;
    uint256 internal constant _HOLD_SHIFT = 192;
    uint256 internal constant _LOCKED_SHIFT = 232;
    // The fields of an edition's word that restrict transfers (its hold and its lock).
    uint256 internal constant _EDITION_RULES = (_TIME_MASK << _HOLD_SHIFT) | (1 << _LOCKED_SHIFT);

    // An edition's word in `_editionFacts`: size | royaltyBps | registeredAt.
    uint256 internal constant _FACTS_ROYALTY_SHIFT = 32;
    uint256 internal constant _FACTS_REGISTERED_SHIFT = 48;

    // Token ids in groups of 64 (id >> 6); a group's word in `_groups`: cover | heads | mintedAt.
    uint256 internal constant _GROUP_SHIFT = 6;
    uint256 internal constant _GROUP_POSITION_MASK = 63;
    uint256 internal constant _COVER_MASK = type(uint96).max;
    uint256 internal constant _HEADS_SHIFT = 96;
    uint256 internal constant _MINTED_AT_SHIFT = 160;

    // A freeze's word in `_freezes`: reason code | frozen flag.
    uint256 internal constant _FROZEN = 1 << 32;

    // Slot 13 as one word (see `_collectionWord`): the offsets the compiler gives the variables
    // declared there, which tests/contracts/CollectionWord.test.js checks against the compiler.
    uint256 internal constant _LAST_TOKEN_ID_MASK = type(uint96).max;
    uint256 internal constant _MINIMUM_HOLD_SHIFT = 96;
    uint256 internal constant _FROZEN_COUNT_SHIFT = 200;
    uint256 internal constant _PAUSED_BIT = 1 << 232;
    // The fields of slot 13 that restrict transfers (minimum hold, freeze count): when both are zero,
    // only a token's own work can hold it back.
    uint256 internal constant _COLLECTION_RULES =
        (uint256(type(uint64).max) << _MINIMUM_HOLD_SHIFT) | (uint256(type(uint32).max) << _FROZEN_COUNT_SHIFT);

    // Slot 12.
    string internal _baseTokenURI;
    // Slot 13, bits 0-95: uint96 so that every token id fits its registration word; increments are checked.
    uint96 internal _lastTokenId;
    // Slot 13, bits 96-159.
    uint64 internal _minimumHold;
    // Slot 13, bits 160-199: when the minimum hold last went from zero to non-zero (see `_uniqueArrival`).
    uint40 internal _minimumHoldSince;
    // Slot 13, bits 200-231.
    uint32 internal _frozenCount;
    // Slot 13, bits 232-239: the pause flag, here rather than in Pausable's own slot (see above).
    bool internal _pausedFlag;
    // Slots 14-23.
    mapping(uint256 tokenId => uint256 word) internal _tokens;
    mapping(uint256 tokenId => bytes32 contentHash) internal _contentHashes;
    mapping(bytes32 contentHash => uint256 word) internal _registrations;
    mapping(address owner => uint256 balance) internal _tokenBalances;
    mapping(uint256 firstTokenId => uint256 word) internal _editions;
    mapping(uint256 firstTokenId => uint256 word) internal _editionFacts;
    mapping(uint256 group => uint256 word) internal _groups;
    mapping(uint256 tokenId => uint256 arrivedAt) internal _arrivals;
    mapping(uint256 tokenId => uint256 word) internal _freezes;
    mapping(uint256 firstTokenId => uint256 nonce) internal _metadataNonces;

    /**
     * @notice Whether the contract implements an interface (ERC-165).
     * @dev Joins the answers of the three OpenZeppelin bases; {DigitalCollection} adds ERC-4906 and
     * ERC-5192.
     * @param interfaceId The ERC-165 interface identifier.
     * @return True when the interface is supported.
     */
    function supportsInterface(
        bytes4 interfaceId
    ) public view virtual override(ERC721, ERC2981, AccessControl) returns (bool) {
        return super.supportsInterface(interfaceId);
    }

    /**
     * @dev Slot 13 read once: `_lastTokenId`, `_minimumHold`, `_minimumHoldSince`, `_frozenCount` and
     * `_pausedFlag` at the offsets above, for paths that need several of them (each Solidity read of
     * one of them is an SLOAD of its own).
     */
    function _collectionWord() internal view returns (uint256 word) {
        assembly ("memory-safe") {
            word := sload(_lastTokenId.slot)
        }
    }

    /**
     * @dev Writes slot 13 whole. `word` must be {_collectionWord} as read in the same call with no
     * write to slot 13 in between (only its own fields changed), or the other fields would go back.
     */
    function _storeCollectionWord(uint256 word) internal {
        assembly ("memory-safe") {
            sstore(_lastTokenId.slot, word)
        }
    }
}
