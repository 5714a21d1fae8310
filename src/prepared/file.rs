//! The layout of a `.zbt` file, little-endian throughout:
//!
//! ```text
//! header   magic (8) · format (u32) · front CRC-32 (u32) · front length (u64)
//!          · polygons CRC-32 (u32) · polygons length (u64)
//! front    provenance (JSON) · units · split cities · départements · population source
//!          · notices · neighbour pairs · where each unit's polygons start (u64 per unit + 1)
//! polygons per unit: WGS84 polygons, metric polygons (each optional)
//! ```
//!
//! The front is read at once; the polygons in ranges of about a megabyte, read, checked and
//! decoded in parallel (the range CRCs combine into the section's), so the file is never held
//! whole in memory.

use super::encoding::{Decoder, Encoder, Malformed};
use super::{FORMAT_VERSION, PreparedTerritory, Provenance, engine};
use crate::adjacency::{Adjacency, Neighbours};
use crate::error::{Error, Result};
use crate::model::{NOTICE_KINDS, Notice, UnitKind};
use crate::territory::{Territory, Unit};
use geo::MultiPolygon;
use rayon::prelude::*;
use std::borrow::Cow;
use std::path::Path;

/// The first bytes of a prepared territory (PNG-style: a text-mode transfer breaks them).
const MAGIC: &[u8; 8] = b"\x89ZBT\r\n\x1a\n";
const HEADER_BYTES: usize = 8 + 4 + 4 + 8 + 4 + 8;
/// Bytes of polygons read, checked and decoded as one piece of parallel work.
const RANGE_BYTES: u64 = 1 << 20;

/// Where the bytes of a prepared territory are: in memory, or in a file read by ranges.
pub(super) enum Stored<'a> {
    Memory(&'a [u8]),
    File(std::fs::File, &'a Path),
}

impl<'a> Stored<'a> {
    pub fn open(path: &'a Path) -> Result<Stored<'a>> {
        let file = std::fs::File::open(path).map_err(|e| Error::read(path, e))?;
        Ok(Stored::File(file, path))
    }

    fn len(&self) -> Result<u64> {
        match self {
            Stored::Memory(bytes) => Ok(bytes.len() as u64),
            Stored::File(file, path) => {
                Ok(file.metadata().map_err(|e| Error::read(path, e))?.len())
            }
        }
    }

    /// `len` bytes from `start` (the caller checked they are within the file).
    fn range(&self, start: u64, len: u64) -> Result<Cow<'a, [u8]>> {
        match self {
            Stored::Memory(bytes) => Ok(Cow::Borrowed(
                &bytes[start as usize..(start + len) as usize],
            )),
            Stored::File(file, path) => {
                let mut buffer = vec![0u8; len as usize];
                read_at(file, path, &mut buffer, start).map_err(|e| Error::read(path, e))?;
                Ok(Cow::Owned(buffer))
            }
        }
    }
}

#[cfg(unix)]
fn read_at(file: &std::fs::File, _: &Path, buffer: &mut [u8], start: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buffer, start)
}

/// Elsewhere each range opens the file again: ranges are read in parallel, and a shared
/// handle's position would be raced for.
#[cfg(not(unix))]
fn read_at(_: &std::fs::File, path: &Path, buffer: &mut [u8], start: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    file.seek(SeekFrom::Start(start))?;
    file.read_exact(buffer)
}

fn crc32(bytes: &[u8]) -> flate2::Crc {
    let mut crc = flate2::Crc::new();
    crc.update(bytes);
    crc
}

/// The file's bytes.
pub(super) fn to_bytes(p: &PreparedTerritory) -> Vec<u8> {
    let blocks: Vec<Vec<u8>> = p
        .territory
        .units
        .par_iter()
        .zip(&p.metric)
        .map(|(u, metric)| {
            let mut block = Encoder::default();
            block.opt_multi_polygon(u.geometry.as_ref());
            block.opt_multi_polygon(metric.as_ref());
            block.bytes
        })
        .collect();
    let mut front = Encoder::default();
    front.str(&serde_json::to_string(&p.provenance).expect("plain data"));
    encode_territory(&p.territory, &mut front);
    encode_adjacency(&p.adjacency, &mut front);
    let mut offset = 0u64;
    for block in &blocks {
        front.u64(offset);
        offset += block.len() as u64;
    }
    front.u64(offset);
    let front = front.bytes;
    let mut polygons = flate2::Crc::new();
    for block in &blocks {
        polygons.update(block);
    }
    let mut out = Vec::with_capacity(HEADER_BYTES + front.len() + offset as usize);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&crc32(&front).sum().to_le_bytes());
    out.extend_from_slice(&(front.len() as u64).to_le_bytes());
    out.extend_from_slice(&polygons.sum().to_le_bytes());
    out.extend_from_slice(&offset.to_le_bytes());
    out.extend_from_slice(&front);
    for block in blocks {
        out.extend_from_slice(&block);
    }
    out
}

fn encode_territory(t: &Territory, e: &mut Encoder) {
    e.len(t.units.len());
    for u in &t.units {
        e.str(&u.code);
        e.str(&u.name);
        e.str(&u.departement);
        e.str(&u.region);
        e.opt_str(u.epci.as_deref());
        e.u64(u.population);
        e.u8(match u.kind {
            UnitKind::Commune => 0,
            UnitKind::Arrondissement => 1,
        });
    }
    e.strs(t.split_cities.iter());
    e.strs(t.departements.iter());
    e.str(&t.population_source);
    e.len(t.notices.len());
    for n in &t.notices {
        e.str(n.kind);
        e.str(&n.message);
    }
}

fn encode_adjacency(a: &Adjacency, e: &mut Encoder) {
    e.len(a.pairs.len());
    for p in &a.pairs {
        e.len(p.a);
        e.len(p.b);
        e.f64(p.shared_m);
        e.f64(p.overlap_m2);
    }
    e.f64(a.exact_m);
    e.f64(a.tolerant_m);
}

/// The header's fields, checked against the file's length.
struct Header {
    front_crc: u32,
    front_len: u64,
    polygons_crc: u32,
    polygons_len: u64,
}

fn damaged(path: &Path) -> Error {
    Error::input(
        path,
        "content",
        "damaged (its length or a checksum differs from its header): prepare the territory again",
    )
}

fn read_header(path: &Path, stored: &Stored) -> Result<Header> {
    let foreign = || {
        Error::input(
            path,
            "header",
            "not a prepared territory: prepare one from the commune layer (the `prepare` command)",
        )
    };
    let total = stored.len()?;
    if total < HEADER_BYTES as u64 {
        return Err(foreign());
    }
    let bytes = stored.range(0, HEADER_BYTES as u64)?;
    if &bytes[..8] != MAGIC {
        return Err(foreign());
    }
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
    let u64_at = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
    let version = u32_at(8);
    if version != FORMAT_VERSION {
        return Err(Error::input(
            path,
            "header",
            format!(
                "format {version}; this zones-blanches reads format {FORMAT_VERSION}: prepare it again (`prepare`)"
            ),
        ));
    }
    let header = Header {
        front_crc: u32_at(12),
        front_len: u64_at(16),
        polygons_crc: u32_at(24),
        polygons_len: u64_at(28),
    };
    let expected = (HEADER_BYTES as u64)
        .checked_add(header.front_len)
        .and_then(|n| n.checked_add(header.polygons_len));
    if expected != Some(total) {
        return Err(damaged(path));
    }
    Ok(header)
}

/// The header and the front section, checked, with the provenance read from it: enough for a
/// run to know which layer to check while the polygons are read.
pub(super) struct Front<'a> {
    header: Header,
    bytes: Cow<'a, [u8]>,
    pub provenance: Provenance,
}

pub(super) fn read_front<'a>(path: &Path, stored: &Stored<'a>) -> Result<Front<'a>> {
    let header = read_header(path, stored)?;
    let bytes = stored.range(HEADER_BYTES as u64, header.front_len)?;
    if crc32(&bytes).sum() != header.front_crc {
        return Err(damaged(path));
    }
    let text = Decoder::new(&bytes).str().map_err(|_| damaged(path))?;
    let provenance: Provenance =
        serde_json::from_str(&text).map_err(|e| Error::input(path, "provenance", e.to_string()))?;
    if provenance.engine != engine() {
        return Err(Error::input(
            path,
            "provenance",
            format!(
                "prepared by {}, this is {}: prepare it again (`prepare`)",
                provenance.engine,
                engine()
            ),
        ));
    }
    Ok(Front {
        header,
        bytes,
        provenance,
    })
}

/// Read the rest of the file after its front.
pub(super) fn read(path: &Path, stored: &Stored, front: Front) -> Result<PreparedTerritory> {
    let malformed = |m: Malformed| {
        Error::input(
            path,
            "content",
            format!("{}: prepare the territory again", m.0),
        )
    };
    let Front {
        header,
        bytes: front,
        provenance,
    } = front;
    let mut d = Decoder::new(&front);
    d.str().map_err(malformed)?;
    let mut territory = decode_territory(&mut d).map_err(malformed)?;
    let units = territory.units.len();
    let adjacency = decode_adjacency(&mut d, units).map_err(malformed)?;
    let offsets: Vec<u64> = (0..=units)
        .map(|_| d.u64())
        .collect::<Result<_, _>>()
        .map_err(malformed)?;
    if !d.is_at_end() {
        return Err(malformed(Malformed("bytes after the polygon table")));
    }
    drop(front);
    if offsets[0] != 0
        || offsets.windows(2).any(|w| w[0] > w[1])
        || offsets[units] != header.polygons_len
    {
        return Err(malformed(Malformed("the polygon table is not in order")));
    }
    let start = HEADER_BYTES as u64 + header.front_len;
    let (metric, crc) =
        read_polygons(stored, start, &offsets, &mut territory).map_err(|e| match e {
            PolygonError::Read(e) => e,
            PolygonError::Malformed(m) => malformed(m),
        })?;
    if crc != header.polygons_crc {
        return Err(damaged(path));
    }
    Ok(PreparedTerritory {
        territory,
        metric,
        adjacency,
        provenance,
    })
}

/// The units' metric polygons.
type Metric = Vec<Option<MultiPolygon<f64>>>;

enum PolygonError {
    Read(Error),
    Malformed(Malformed),
}

/// Every unit's polygons, read by ranges in parallel: the WGS84 ones into the territory, the
/// metric ones returned, with the CRC-32 of the section.
fn read_polygons(
    stored: &Stored,
    start: u64,
    offsets: &[u64],
    territory: &mut Territory,
) -> Result<(Metric, u32), PolygonError> {
    let pieces: Vec<(flate2::Crc, Vec<Geometries>)> = ranges(offsets)
        .into_par_iter()
        .map(|(first, last)| {
            let bytes = stored
                .range(start + offsets[first], offsets[last] - offsets[first])
                .map_err(PolygonError::Read)?;
            let crc = crc32(&bytes);
            let base = offsets[first];
            let read = (first..last)
                .map(|u| {
                    let block =
                        &bytes[(offsets[u] - base) as usize..(offsets[u + 1] - base) as usize];
                    decode_unit(block)
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(PolygonError::Malformed)?;
            Ok((crc, read))
        })
        .collect::<Result<_, _>>()?;
    let mut crc = flate2::Crc::new();
    let mut metric = Vec::with_capacity(territory.units.len());
    let mut units = territory.units.iter_mut();
    for (piece_crc, read) in pieces {
        crc.combine(&piece_crc);
        for (geometry, m) in read {
            units.next().expect("one block per unit").geometry = geometry;
            metric.push(m);
        }
    }
    Ok((metric, crc.sum()))
}

/// Units `first..last` whose polygons take about [`RANGE_BYTES`].
fn ranges(offsets: &[u64]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut first = 0;
    for u in 1..offsets.len() {
        if offsets[u] - offsets[first] >= RANGE_BYTES || u == offsets.len() - 1 {
            out.push((first, u));
            first = u;
        }
    }
    out
}

/// A unit's WGS84 and metric polygons.
type Geometries = (Option<MultiPolygon<f64>>, Option<MultiPolygon<f64>>);

fn decode_unit(block: &[u8]) -> Result<Geometries, Malformed> {
    let mut d = Decoder::new(block);
    let read = (d.opt_multi_polygon()?, d.opt_multi_polygon()?);
    if !d.is_at_end() {
        return Err(Malformed("a unit's polygons are longer than their block"));
    }
    Ok(read)
}

/// The units (without their polygons) and the territory's fields.
fn decode_territory(d: &mut Decoder) -> Result<Territory, Malformed> {
    let n = d.len()?;
    let mut units = Vec::with_capacity(n.min(1 << 20));
    for _ in 0..n {
        units.push(Unit {
            code: d.str()?,
            name: d.str()?,
            departement: d.str()?,
            region: d.str()?,
            epci: d.opt_str()?,
            population: d.u64()?,
            kind: match d.u8()? {
                0 => UnitKind::Commune,
                1 => UnitKind::Arrondissement,
                _ => return Err(Malformed("a unit kind is unknown")),
            },
            geometry: None,
            source_metric: None,
        });
    }
    if units.windows(2).any(|w| w[0].code >= w[1].code) {
        return Err(Malformed("units are not sorted by code"));
    }
    let split_cities = d.strs()?.into_iter().collect();
    let departements = d.strs()?.into_iter().collect();
    let population_source = d.str()?;
    let notices = (0..d.len()?)
        .map(|_| {
            let kind = d.str()?;
            let kind = NOTICE_KINDS
                .iter()
                .find(|k| **k == kind)
                .ok_or(Malformed("a notice kind is unknown"))?;
            Ok(Notice {
                kind,
                message: d.str()?,
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(Territory::assemble(
        units,
        split_cities,
        departements,
        true,
        population_source,
        notices,
    ))
}

/// A length or area as stored: finite and not negative.
fn length(value: f64) -> bool {
    value.is_finite() && value >= 0.0
}

fn decode_adjacency(d: &mut Decoder, units: usize) -> Result<Adjacency, Malformed> {
    let n = d.len()?;
    let mut pairs: Vec<Neighbours> = Vec::with_capacity(n.min(1 << 22));
    for _ in 0..n {
        let (a, b) = (d.len()?, d.len()?);
        if a >= b || b >= units {
            return Err(Malformed("a neighbour pair names no unit"));
        }
        if pairs.last().is_some_and(|p| (p.a, p.b) >= (a, b)) {
            return Err(Malformed("neighbour pairs are not sorted"));
        }
        let (shared_m, overlap_m2) = (d.f64()?, d.f64()?);
        if !(length(shared_m) && length(overlap_m2)) {
            return Err(Malformed(
                "a shared border or overlap is not a finite length",
            ));
        }
        pairs.push(Neighbours {
            a,
            b,
            shared_m,
            overlap_m2,
        });
    }
    let (exact_m, tolerant_m) = (d.f64()?, d.f64()?);
    if !(length(exact_m) && length(tolerant_m)) {
        return Err(Malformed("an adjacency tolerance is not a finite length"));
    }
    Ok(Adjacency::from_pairs(units, pairs, exact_m, tolerant_m))
}
