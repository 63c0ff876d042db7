/**
 * The meter's prices for Forms (cost model version 3): fetching from a form is a round trip (200 ms); the getters of
 * what was fetched (a response, its item responses, their items) are 10 ms.
 */
import { costOf } from '../../../src/local/kernel/cost-model';

describe('cost model v3: Forms', () => {
  it('prices the form and its fetches at 200 ms', () => {
    for (const [service, method] of [
      ['FormApp', 'openById'],
      ['Form', 'getResponses'],
      ['Form', 'getItems'],
      ['Form', 'getId'],
      ['Form', 'getTitle'],
      ['FormResponse', 'submit'],
      ['FormResponse', 'withItemResponse'],
    ] as const)
      expect([`${service}.${method}`, costOf(service, method).baseMs]).toEqual([`${service}.${method}`, 200]);
  });

  it('prices the getters of a response already fetched as those of its item responses: 10 ms', () => {
    for (const [service, method] of [
      ['FormResponse', 'getId'],
      ['FormResponse', 'getTimestamp'],
      ['FormResponse', 'getRespondentEmail'],
      ['FormResponse', 'getEditResponseUrl'],
      ['FormResponse', 'getItemResponses'],
      ['ItemResponse', 'getItem'],
      ['ItemResponse', 'getResponse'],
      ['Item', 'getId'],
      ['Item', 'getTitle'],
    ] as const)
      expect([`${service}.${method}`, costOf(service, method).baseMs]).toEqual([`${service}.${method}`, 10]);
  });
});
