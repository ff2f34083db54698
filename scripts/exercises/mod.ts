/**
 * Every exercise script, by id, in the order of the catalogue. Add a script
 * and list it here.
 *
 * @module
 */
import { compute as rnn1a } from "./rnn-1a.ts";
import { compute as rnn1b } from "./rnn-1b.ts";
import { compute as rnn2a } from "./rnn-2a.ts";
import { compute as rnn2b } from "./rnn-2b.ts";
import { compute as rnn2c } from "./rnn-2c.ts";
import { compute as rnn3a } from "./rnn-3a.ts";
import { compute as rnn3b } from "./rnn-3b.ts";
import { compute as rnn3c } from "./rnn-3c.ts";
import { compute as a31 } from "./a3-1.ts";
import { compute as a32 } from "./a3-2.ts";
import { compute as a33 } from "./a3-3.ts";
import { compute as a34 } from "./a3-4.ts";
import { compute as b3a } from "./b3-a.ts";
import { compute as b3b } from "./b3-b.ts";
import { compute as n4 } from "./n4.ts";
import { compute as clip } from "./clip.ts";
import { compute as tbptt } from "./tbptt.ts";
import { compute as gru } from "./gru.ts";

/** An exercise script: its id and its `compute()`. */
export interface Exercise {
  id: string;
  compute(): unknown;
}

/** All exercises. */
export const EXERCISES: Exercise[] = [
  { id: "rnn-1a", compute: rnn1a },
  { id: "rnn-1b", compute: rnn1b },
  { id: "rnn-2a", compute: rnn2a },
  { id: "rnn-2b", compute: rnn2b },
  { id: "rnn-2c", compute: rnn2c },
  { id: "rnn-3a", compute: rnn3a },
  { id: "rnn-3b", compute: rnn3b },
  { id: "rnn-3c", compute: rnn3c },
  { id: "a3-1", compute: a31 },
  { id: "a3-2", compute: a32 },
  { id: "a3-3", compute: a33 },
  { id: "a3-4", compute: a34 },
  { id: "b3-a", compute: b3a },
  { id: "b3-b", compute: b3b },
  { id: "n4", compute: n4 },
  { id: "clip", compute: clip },
  { id: "tbptt", compute: tbptt },
  { id: "gru", compute: gru },
];
