import { masterLossPhrase, masterQuorum, masterSplitPhrase } from '../../lib/private/zone-quorum';

describe('the masters of a search domain over its zones (the rule the search tier and the report share)', () => {
  test.each([
    { masters: 3, zones: 3, split: [1, 1, 1], verdict: 'kept' },
    { masters: 5, zones: 3, split: [2, 2, 1], verdict: 'kept' },
    { masters: 3, zones: 2, split: [2, 1], verdict: 'depends' },
    { masters: 5, zones: 2, split: [3, 2], verdict: 'depends' },
    { masters: 3, zones: 1, split: [3], verdict: 'lost' },
  ])('$masters dedicated masters over $zones zones: $split, quorum $verdict on a zone loss', ({ masters, zones, split, verdict }) => {
    expect(masterQuorum(masters, 4, zones)).toMatchObject({ members: masters, dedicated: true, split, onZoneLoss: verdict });
  });

  test('without dedicated masters the data nodes are the masters', () => {
    expect(masterQuorum(0, 6, 3)).toMatchObject({ members: 6, dedicated: false, split: [2, 2, 2], onZoneLoss: 'kept' });
    expect(masterQuorum(0, 4, 2)).toMatchObject({ members: 4, dedicated: false, split: [2, 2], onZoneLoss: 'lost' });
  });

  test.each([
    [3, 2, 'the 3 dedicated masters sit 2 + 1 over 2 zones: losing the zone that holds 2 loses the master quorum'],
    [5, 2, 'the 5 dedicated masters sit 3 + 2 over 2 zones: losing the zone that holds 3 loses the master quorum'],
    [3, 3, 'the 3 dedicated masters sit one per zone over 3 zones: losing any one zone leaves 2 of 3: the master quorum is kept'],
    [5, 3, 'the 5 dedicated masters sit 2 + 2 + 1 over 3 zones: losing any one zone leaves at least 3 of 5: the master quorum is kept'],
  ])('%i masters over %i zones: "%s"', (masters, zones, text) => {
    const quorum = masterQuorum(masters, 0, zones);
    expect(`${masterSplitPhrase(quorum)}: ${masterLossPhrase(quorum)}`).toBe(text);
  });
});
