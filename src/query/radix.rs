//! Ordering tasks by packed integer sort keys: a radix sort up to 64 bits, a comparison sort beyond.
//! Works on columns of numbers only; it never looks at a task. Ties keep the input order.

/// One sort column: a value per task, counted from 0, and how many bits it needs.
pub struct Column {
    pub values: Vec<u32>,
    pub bits: u32,
}

/// The order of `n` rows sorted by `columns` (most significant first; `true` = reversed).
pub fn order(columns: &[(Column, bool)], n: usize) -> Vec<u32> {
    let total_bits: u32 = columns.iter().map(|(c, _)| c.bits).sum();
    if total_bits <= 64 {
        radix_order(columns, n, total_bits)
    } else {
        wide_order(columns, n)
    }
}

fn reversed(v: u32, bits: u32, reverse: bool) -> u32 {
    if !reverse {
        return v;
    }
    let mask = if bits >= 32 {
        u32::MAX
    } else {
        (1u32 << bits) - 1
    };
    mask - (v & mask)
}

/// Keys of up to 64 bits: a stable least-significant-digit radix sort, linear in the task count.
fn radix_order(columns: &[(Column, bool)], n: usize, bits: u32) -> Vec<u32> {
    let mut keys = vec![0u64; n];
    for (c, reverse) in columns {
        for (k, &v) in keys.iter_mut().zip(&c.values) {
            *k = (*k << c.bits) | u64::from(reversed(v, c.bits, *reverse));
        }
    }
    let mut idx: Vec<u32> = (0..n as u32).collect();
    const DIGIT: u32 = 11;
    let mask = (1u64 << DIGIT) - 1;
    let mut keys2 = vec![0u64; n];
    let mut idx2 = vec![0u32; n];
    let mut shift = 0;
    while shift < bits {
        let mut count = vec![0usize; 1 << DIGIT];
        for &k in &keys {
            count[((k >> shift) & mask) as usize] += 1;
        }
        if count.contains(&n) {
            shift += DIGIT;
            continue;
        }
        let mut pos = 0;
        for c in count.iter_mut() {
            let here = *c;
            *c = pos;
            pos += here;
        }
        for (&k, &i) in keys.iter().zip(&idx) {
            let d = ((k >> shift) & mask) as usize;
            keys2[count[d]] = k;
            idx2[count[d]] = i;
            count[d] += 1;
        }
        std::mem::swap(&mut keys, &mut keys2);
        std::mem::swap(&mut idx, &mut idx2);
        shift += DIGIT;
    }
    idx
}

/// Keys wider than 64 bits: 128-bit segments, compared in order, ties by input position.
fn wide_order(columns: &[(Column, bool)], n: usize) -> Vec<u32> {
    let mut layout = Vec::with_capacity(columns.len());
    let (mut seg, mut used) = (0usize, 0u32);
    for (c, _) in columns {
        if used + c.bits > 128 {
            seg += 1;
            used = 0;
        }
        used += c.bits;
        layout.push((seg, 128 - used));
    }
    let segs = seg + 1;
    let mut keys = vec![0u128; n * segs];
    for ((c, reverse), &(seg, shift)) in columns.iter().zip(&layout) {
        for (i, &v) in c.values.iter().enumerate() {
            keys[i * segs + seg] |= u128::from(reversed(v, c.bits, *reverse)) << shift;
        }
    }
    let mut idx: Vec<u32> = (0..n as u32).collect();
    idx.sort_unstable_by(|&a, &b| {
        let ka = &keys[a as usize * segs..][..segs];
        let kb = &keys[b as usize * segs..][..segs];
        ka.cmp(kb).then(a.cmp(&b))
    });
    idx
}
