// Minimal typings for small untyped libraries we use.
declare module 'monotone-convex-hull-2d' {
  /** Indices of the hull points, in order around the hull. */
  export default function convexHull(points: ReadonlyArray<readonly [number, number]>): number[];
}

declare module 'clipper-lib' {
  export interface IntPoint {
    X: number;
    Y: number;
  }
  export type Path = IntPoint[];
  export type Paths = Path[];
  export enum JoinType {
    jtSquare = 0,
    jtRound = 1,
    jtMiter = 2,
  }
  export enum EndType {
    etOpenSquare = 0,
    etOpenRound = 1,
    etOpenButt = 2,
    etClosedLine = 3,
    etClosedPolygon = 4,
  }
  export class ClipperOffset {
    constructor(miterLimit?: number, arcTolerance?: number);
    AddPath(path: Path, joinType: JoinType, endType: EndType): void;
    Execute(solution: Paths, delta: number): void;
  }
  const ClipperLib: { ClipperOffset: typeof ClipperOffset; JoinType: typeof JoinType; EndType: typeof EndType };
  export default ClipperLib;
}
