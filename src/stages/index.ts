import type { StageFactory } from '../pipeline/stage.js';
import { decodeStage } from './decode/index.js';
import { normaliseStage } from './normalise/index.js';
import { zonesStage } from './zones/index.js';
import { segmentStage } from './segment/index.js';
import { sentencesStage } from './sentences/index.js';
import { numbersDatesStage } from './numbers-dates/index.js';
import { entitiesStage } from './entities/index.js';
import { factsStage } from './facts/index.js';
import { eventsStage } from './events/index.js';
import { validateStage } from './validate/index.js';

/**
 * The explicit map of stage factories, by the name a pipeline file uses.
 * No registration by import side effects: add a stage here.
 */
export const STAGE_FACTORIES: Readonly<Record<string, StageFactory<any>>> = {
  decode: decodeStage,
  normalise: normaliseStage,
  zones: zonesStage,
  segment: segmentStage,
  sentences: sentencesStage,
  'numbers-dates': numbersDatesStage,
  entities: entitiesStage,
  facts: factsStage,
  events: eventsStage,
  validate: validateStage,
};
