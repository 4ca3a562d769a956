//! Hashed multi-class linear models: the weight table behind the perceptron taggers, its
//! compact file format, and averaged-perceptron training.
//!
//! Rows are addressed by the top bits of a 64-bit feature hash; each row holds one weight
//! per label. On disk, only non-zero rows are stored, as 16-bit integers with one scale, after
//! an 8-byte magic, the format version, the hashing size and the label count, and followed by
//! an FNV-1a checksum of everything before it.

use crate::{Error, Result};

const VERSION: u32 = 1;
/// Largest hashing size a model file may declare (the shipped models use 2^18 and 2^19).
const MAX_BITS: u32 = 22;
/// Largest weight table a model file may declare: 2^24 weights (64 MiB as `f32`).
const MAX_WEIGHTS: usize = 1 << 24;

/// A hashed linear model: `2^bits` rows × `labels` weights.
#[derive(Clone)]
pub(crate) struct LinearModel {
    bits: u32,
    labels: usize,
    pub(crate) weights: Vec<f32>,
}

impl std::fmt::Debug for LinearModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LinearModel")
            .field("bits", &self.bits)
            .field("labels", &self.labels)
            .finish()
    }
}

pub(crate) fn fnv(bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(feature = "training")]
fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
    what: &'a str,
}

impl Reader<'_> {
    fn err(&self, reason: &str) -> Error {
        Error::Model {
            what: self.what.into(),
            reason: reason.into(),
        }
    }
    fn take(&mut self, n: usize) -> Result<&[u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.b.len());
        let Some(end) = end else {
            return Err(self.err("truncated file"));
        };
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn varint(&mut self) -> Result<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.take(1)?[0];
            v |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Ok(v);
            }
        }
        Err(self.err("bad varint"))
    }
}

impl LinearModel {
    /// An all-zero model.
    #[cfg_attr(not(feature = "training"), allow(dead_code))]
    pub(crate) fn zeros(bits: u32, labels: usize) -> Self {
        LinearModel {
            bits,
            labels,
            weights: vec![0.0; (1usize << bits) * labels],
        }
    }

    /// Number of labels.
    #[cfg(test)]
    pub(crate) fn labels(&self) -> usize {
        self.labels
    }

    /// Index of the first weight of the row a feature hash falls in.
    #[inline]
    pub(crate) fn row(&self, h: u64) -> usize {
        (h >> (64 - self.bits)) as usize * self.labels
    }

    /// Adds the rows of `feats` into `scores` (length `labels`).
    #[inline]
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [f32]) {
        for &h in feats {
            let r = self.row(h);
            for (s, w) in scores.iter_mut().zip(&self.weights[r..r + self.labels]) {
                *s += *w;
            }
        }
    }

    #[cfg(feature = "training")]
    /// Serializes the model under `magic`; weights below `prune` in magnitude are dropped.
    pub(crate) fn to_bytes(&self, magic: &[u8; 8], prune: f32) -> Vec<u8> {
        let max = self.weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut out = Vec::new();
        out.extend_from_slice(magic);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&(self.labels as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        let mut body = Vec::new();
        let mut rows = 0u32;
        let mut last = 0usize;
        for (r, row) in self.weights.chunks(self.labels).enumerate() {
            let q: Vec<i16> = row
                .iter()
                .map(|&w| {
                    if w.abs() < prune {
                        0
                    } else {
                        (w / scale).round().clamp(-32767.0, 32767.0) as i16
                    }
                })
                .collect();
            let mask: u32 = q
                .iter()
                .enumerate()
                .filter(|(_, &v)| v != 0)
                .fold(0, |m, (i, _)| m | 1 << i);
            if mask == 0 {
                continue;
            }
            put_varint(&mut body, (r - last) as u64);
            last = r;
            put_varint(&mut body, u64::from(mask));
            for v in q.iter().filter(|&&v| v != 0) {
                body.extend_from_slice(&v.to_le_bytes());
            }
            rows += 1;
        }
        out.extend_from_slice(&rows.to_le_bytes());
        out.extend_from_slice(&body);
        let sum = fnv(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Loads a model written by [`LinearModel::to_bytes`], checking the magic, version,
    /// label count and checksum; `what` names the model in errors.
    pub(crate) fn from_bytes(
        bytes: &[u8],
        magic: &[u8; 8],
        labels: usize,
        what: &str,
    ) -> Result<Self> {
        let q = QuantTable::from_bytes(bytes, magic, labels, what)?;
        Ok(q.to_float())
    }
}

/// A model's weights as stored in its file: 16-bit integers and one scale (weight = value ×
/// scale). Scoring with them reads half the memory of `f32` weights, and the sums are exact
/// integers (in `f32`, exact up to 2^24: far more than a token's features add up to).
#[derive(Clone)]
pub(crate) struct QuantTable {
    bits: u32,
    labels: usize,
    scale: f32,
    pub(crate) weights: Vec<i16>,
}

impl std::fmt::Debug for QuantTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QuantTable")
            .field("bits", &self.bits)
            .field("labels", &self.labels)
            .finish()
    }
}

impl QuantTable {
    /// Index of the first weight of the row a feature hash falls in.
    #[inline]
    pub(crate) fn row(&self, h: u64) -> usize {
        (h >> (64 - self.bits)) as usize * self.labels
    }

    /// The weights as `f32` (value × scale), as [`LinearModel::from_bytes`] gives them.
    pub(crate) fn to_float(&self) -> LinearModel {
        LinearModel {
            bits: self.bits,
            labels: self.labels,
            weights: self
                .weights
                .iter()
                .map(|&v| {
                    if v == 0 {
                        0.0
                    } else {
                        f32::from(v) * self.scale
                    }
                })
                .collect(),
        }
    }

    /// Loads a model file as written by [`LinearModel::to_bytes`] (checks as there).
    pub(crate) fn from_bytes(
        bytes: &[u8],
        magic: &[u8; 8],
        labels: usize,
        what: &str,
    ) -> Result<Self> {
        let mut r = Reader {
            b: bytes,
            pos: 0,
            what,
        };
        if bytes.len() < 32 || &bytes[..8] != magic {
            return Err(r.err("not a whosaid model of this kind (bad magic)"));
        }
        let (payload, sum) = bytes.split_at(bytes.len() - 8);
        let sum = u64::from_le_bytes([
            sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6], sum[7],
        ]);
        if fnv(payload) != sum {
            return Err(r.err("checksum mismatch: the file is corrupt or truncated"));
        }
        r.b = payload;
        r.pos = 8;
        let version = r.u32()?;
        if version != VERSION {
            return Err(r.err(&format!(
                "format version {version}, this build reads version {VERSION}"
            )));
        }
        // Every header field is checked against sane maxima and the file's length before
        // anything is allocated: a forged header cannot ask for a huge table.
        let bits = r.u32()?;
        if !(8..=MAX_BITS).contains(&bits) {
            return Err(r.err(&format!("hashing size 2^{bits} outside 2^8..=2^{MAX_BITS}")));
        }
        if r.u32()? as usize != labels || labels > 32 {
            return Err(r.err("label count does not match"));
        }
        if (1usize << bits) * labels > MAX_WEIGHTS {
            return Err(r.err("weight table too large"));
        }
        let sb = r.take(4)?;
        let scale = f32::from_le_bytes([sb[0], sb[1], sb[2], sb[3]]);
        if !scale.is_finite() || scale <= 0.0 {
            return Err(r.err("bad weight scale"));
        }
        let rows = r.u32()? as usize;
        // A stored row takes at least 4 bytes (two varints and one weight).
        if rows > 1 << bits || rows > (payload.len() - r.pos) / 4 {
            return Err(r.err("row count does not fit the file"));
        }
        let mut m = QuantTable {
            bits,
            labels,
            scale,
            weights: vec![0; (1usize << bits) * labels],
        };
        let mut row = 0usize;
        for k in 0..rows {
            let delta = r.varint()?;
            // Rows are stored in increasing order: only the first may sit at delta 0.
            if delta == 0 && k > 0 {
                return Err(r.err("rows out of order"));
            }
            row = usize::try_from(delta)
                .ok()
                .and_then(|d| row.checked_add(d))
                .ok_or_else(|| r.err("row out of range"))?;
            let mask = r.varint()?;
            if row >= 1 << bits || mask >> labels != 0 || mask == 0 {
                return Err(r.err("row out of range"));
            }
            for l in 0..labels {
                if mask & (1 << l) != 0 {
                    let v = r.take(2)?;
                    m.weights[row * labels + l] = i16::from_le_bytes([v[0], v[1]]);
                }
            }
        }
        if r.pos != payload.len() {
            return Err(r.err("trailing bytes"));
        }
        Ok(m)
    }
}

/// Shuffles `order` in place with a linear congruential generator whose state is `state`
/// (deterministic training runs).
#[cfg(feature = "training")]
pub(crate) fn shuffle(order: &mut [usize], state: &mut u64) {
    for i in (1..order.len()).rev() {
        *state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        order.swap(i, (*state >> 33) as usize % (i + 1));
    }
}

/// Accumulates perceptron updates and their running average (the "lazy" averaging trick:
/// the average is `w - acc / c`).
// The decoders take an optional trainer, so the type exists in every build; only the
// `training` feature creates one.
#[cfg_attr(not(feature = "training"), allow(dead_code))]
pub(crate) struct Averager {
    pending: Vec<(usize, f32)>,
    acc: Vec<f64>,
    c: f64,
}

#[cfg_attr(not(feature = "training"), allow(dead_code))]
impl Averager {
    #[cfg(feature = "training")]
    pub(crate) fn new(model: &LinearModel) -> Self {
        Averager {
            pending: Vec::new(),
            acc: vec![0.0; model.weights.len()],
            c: 1.0,
        }
    }

    /// Queues a perceptron update: `+1` for the gold label, `-1` for the predicted one.
    pub(crate) fn update<'a>(
        &mut self,
        model: &LinearModel,
        feats: impl Iterator<Item = &'a u64>,
        gold: usize,
        pred: usize,
    ) {
        for &h in feats {
            let r = model.row(h);
            self.pending.push((r + gold, 1.0));
            self.pending.push((r + pred, -1.0));
        }
    }

    /// Applies queued updates and advances the clock by one instance.
    pub(crate) fn apply(&mut self, model: &mut LinearModel) {
        for &(idx, d) in &self.pending {
            model.weights[idx] += d;
            self.acc[idx] += self.c * f64::from(d);
        }
        self.pending.clear();
        self.c += 1.0;
    }

    /// The averaged weights.
    #[cfg(feature = "training")]
    pub(crate) fn averaged(&self, model: &LinearModel) -> LinearModel {
        let mut avg = model.clone();
        for (w, a) in avg.weights.iter_mut().zip(&self.acc) {
            *w -= (*a / self.c) as f32;
        }
        avg
    }
}
