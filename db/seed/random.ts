// A small seeded random generator, so every seed of the same scale builds the same organisation.
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)],
  };
}

export const GIVEN_NAMES = [
  "Aisha", "Amir", "Anna", "Bethan", "Carys", "Chloe", "Daniel", "David", "Dylan", "Efa", "Eleanor", "Emma", "Farah", "Gareth",
  "Grace", "Hannah", "Harri", "Imran", "Isla", "Jack", "Jamal", "Joanna", "Kemi", "Laura", "Leah", "Liam", "Lowri", "Mariam",
  "Mark", "Megan", "Mohammed", "Naomi", "Nia", "Oliver", "Owen", "Priya", "Rachel", "Rhys", "Ruth", "Samir", "Sara", "Siân",
  "Sophie", "Tariq", "Tomos", "Yusuf", "Zara", "Zoe",
] as const;

export const FAMILY_NAMES = [
  "Ahmed", "Baker", "Begum", "Bennett", "Brown", "Campbell", "Clarke", "Davies", "Edwards", "Evans", "Green", "Griffiths",
  "Hall", "Hughes", "Hussain", "Jackson", "James", "Jenkins", "Jones", "Khan", "Lewis", "Morgan", "Morris", "Murphy",
  "Okafor", "Owen", "Patel", "Phillips", "Powell", "Price", "Pritchard", "Roberts", "Robinson", "Rowlands", "Shah", "Singh",
  "Smith", "Taylor", "Thomas", "Walker", "Watkins", "White", "Williams", "Wilson", "Wright", "Young",
] as const;
