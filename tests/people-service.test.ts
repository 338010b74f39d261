// The shared compromise thread of a worker pool (src/pipeline/people-service.ts): answers equal
// compromise's in this thread; when the service is gone, an asker answers its own calls.
import { afterEach, describe, expect, it } from 'vitest';
import { PeopleService, peopleServiceEntry, usePeopleService } from '../src/pipeline/people-service.js';
import { expectPeople, people, peopleHere, setPeopleProvider } from '../src/stages/entities/people.js';

const entry = peopleServiceEntry();
if (!entry) console.warn('tests/people-service.test.ts: SKIPPED — dist/pipeline/people-service.js is missing; run "npm run build" first');

const PHRASES = ['H.E. Mr. Han Zhiqiang', 'Mrs. Winnie Byanyima', 'Thai BL Drama', 'Prime Minister and Defense Minister Gen. Prayut Chan-o-cha'];
/** what the entity matchers read of a person (compromise's term ids carry a per-instance counter) */
const read = (ps: { text: string; offset: { start: number; length: number } }[]) => ps.map((p) => [p.text, p.offset.start, p.offset.length]);

describe.skipIf(!entry)('the people service', () => {
  afterEach(() => setPeopleProvider(null));

  it("answers people() with compromise's answers, synchronously, for several links", async () => {
    const service = new PeopleService(entry!);
    try {
      const here = PHRASES.map((p) => read(peopleHere(p)));
      expect(here).toEqual([[['Mr. Han Zhiqiang', 5, 16]], [['Mrs. Winnie Byanyima', 0, 20]], [], [['Minister Gen. Prayut Chan-', 27, 26]]]);
      usePeopleService(service.link());
      // a pipeline that will ask says so (the service loads compromise then); it is not answered
      expectPeople();
      expectPeople();
      expect(PHRASES.map((p) => read(people(p)))).toEqual(here);
      usePeopleService(service.link()); // another thread's link (here: the same thread again)
      expect(PHRASES.map((p) => read(people(p)))).toEqual(here);
    } finally {
      await service.destroy();
    }
  });

  it('once the service is gone, an asker loads compromise and answers itself', async () => {
    const service = new PeopleService(entry!);
    usePeopleService(service.link());
    expect(read(people(PHRASES[1]))).toEqual(read(peopleHere(PHRASES[1])));
    await service.destroy();
    expect(PHRASES.map((p) => read(people(p)))).toEqual(PHRASES.map((p) => read(peopleHere(p))));
    // a link given out after its death is dead from the start
    usePeopleService(service.link());
    expect(read(people(PHRASES[0]))).toEqual(read(peopleHere(PHRASES[0])));
  });
});
