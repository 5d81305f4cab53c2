/**
 * Look-alike families named by the paper.
 *
 * @packageDocumentation
 */

/**
 * Space groups outside the paper's five whose patterns look like those of the group that stands for them
 * (Ra et al., RSC Adv. 2021, 11, 38307, section 2.1): 213 ~ 212; 221 ~ 195, 200, 215; 225 ~ 196, 202, 216;
 * 229 ~ 197, 199, 204, 211, 217. (227 is split by intensities into three sub-groups instead.)
 * Pass as `options.families` to list them next to each group of a prediction.
 */
export const PAPER_LOOK_ALIKE_FAMILIES: Readonly<Record<number, readonly number[]>> = Object.freeze({
  213: Object.freeze([212]),
  221: Object.freeze([195, 200, 215]),
  225: Object.freeze([196, 202, 216]),
  229: Object.freeze([197, 199, 204, 211, 217]),
});
