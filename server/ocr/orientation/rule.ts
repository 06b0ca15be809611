/**
 * When a line or a page is read a second time, turned, and which reading is kept. The 0°/180°
 * classifier is a hint, not a verdict: on real lines its "upside down" verdict turned upright English
 * book lines and receipt headers. So a line is read both ways when either model doubts it, and the
 * turned reading is kept only when the recognizer is clearly more sure of it. Each value, the sets it
 * was tuned and confirmed on and the study that chose it: docs/decisions/engine-defaults.md.
 */
export interface FlipRule {
  /**
   * Line mode: the classifier runs only on lines the recognizer reads below this confidence; a line read
   * this surely as it stands is taken as upright. The classifier's run is the line's second-largest cost,
   * and a line read upside down scores low. The lowest value at which every accuracy figure equals
   * running the classifier on every line (a lower one lets turned lines through).
   */
  classifyBelow: number;
  /** Read both ways when the classifier gives "upside down" at least this probability (its own boundary)... */
  clsThreshold: number;
  /** ...or when the upright reading's confidence is below this (a line read upside down scores low)... */
  checkBelow: number;
  /**
   * ...unless the classifier is this sure the line is upright (p180 below it: PaddleOCR's 0.9 certainty,
   * the other way). Short lines such as `二。` and `47%` read with low confidence as given, and their
   * turned readings (`°1`, `%L`) can score higher.
   */
  sureUpright: number;
  /**
   * Keep the turned reading only when its confidence beats the upright one by this much: text that
   * reads nearly the same both ways (66.00 / 0099, 69% / %69, W / M) stays as given.
   */
  minGain: number;
  /**
   * A page is turned only to a reading the recognizer is more often right than wrong about (mean
   * confidence at least this): a page that reads as garbage both ways (a faint handwritten note) keeps
   * what little it reads as given instead of losing it to a turn.
   */
  minTurnedConfidence: number;
  /**
   * Pages only. A sideways page whose lines sit close together can be detected as boxes running across
   * the lines, not along them: nothing looks vertical, the crops read as a few confident characters, and
   * the classifier calls them upside down. When the page is still doubted after the half turn ('vote':
   * by the classifier's vote; 'any': by the vote or a low mean confidence), both quarter turns are read.
   * Turning away from a page whose text does not run vertically takes a clear win (minGain, or the score
   * ratio below): an upright page the vote calls upside down can read the same text turned 90° at a hair
   * higher confidence.
   */
  quarterWhenDoubted: 'never' | 'vote' | 'any';
  /**
   * Pages only. A quarter turn also wins when it reads at least this many times the other's Σ confidence
   * x characters: the boxes across a sideways page's lines read a few characters with high confidence,
   * the upright page many more at a slightly lower one.
   */
  quarterScoreRatio: number;
}

export const DEFAULT_FLIP_RULE: FlipRule = {
  classifyBelow: 0.95,
  clsThreshold: 0.5,
  checkBelow: 0.9,
  sureUpright: 0.1,
  minGain: 0.05,
  minTurnedConfidence: 0.5,
  quarterWhenDoubted: 'vote',
  quarterScoreRatio: 2,
};
