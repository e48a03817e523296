import {
  modalityTransformFor,
  readPixelDescription,
  siemensCsaImageHeader,
  type Dataset,
  type ModalityTransform,
} from '../dicom/index.js';
import type { Vec3 } from './affine.js';

/** A Siemens mosaic tile (the frame is one tile of a mosaic image, dcm2niix/nibabel layout). */
export interface MosaicTile {
  readonly tile: number;
  readonly tilesPerRow: number;
  /** Rows and columns of the whole mosaic image as stored. */
  readonly mosaicRows: number;
  readonly mosaicColumns: number;
}

/**
 * One 2D image that can become a slice: a single-frame instance, one frame
 * of a multi-frame instance, or one tile of a Siemens mosaic. Geometry is in
 * DICOM patient coordinates (LPS, mm), PS3.3 C.7.6.2.
 */
export interface VolumeFrame {
  /** Where the instance comes from (a path or a blob reference), for errors and for decoding. */
  readonly source: string;
  readonly frameIndex: number;
  readonly mosaic: MosaicTile | undefined;
  readonly SOPInstanceUID: string;
  readonly SeriesInstanceUID: string;
  readonly InstanceNumber: number | undefined;
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  readonly photometric: string;
  readonly bitsAllocated: number;
  readonly pixelRepresentation: number;
  /** Image Orientation (Patient): row direction (increasing column index), then column direction. */
  readonly orientation: readonly [number, number, number, number, number, number] | undefined;
  /** Image Position (Patient): the centre of the first transmitted pixel. */
  readonly positionMm: Vec3 | undefined;
  /** Pixel Spacing: between rows (mm), between columns (mm), PS3.3 10.7.1.3. */
  readonly pixelSpacingMm: readonly [number, number] | undefined;
  readonly sliceThicknessMm: number | undefined;
  readonly spacingBetweenSlicesMm: number | undefined;
  /** Unit normal the slices are stacked along, when the data says (Siemens CSA SliceNormalVector, NM frame increments). */
  readonly sliceNormal: Vec3 | undefined;
  readonly transform: ModalityTransform;
  /** Keys that separate stacks acquired together in one series (dcm2niix splits on these too). */
  readonly echoNumber: number | undefined;
  readonly echoTimeMs: number | undefined;
  readonly bValue: number | undefined;
  readonly imageType: readonly string[];
  /** Orders repeated positions into volumes: temporal position, trigger time, acquisition… */
  readonly timeOrder: readonly number[];
  readonly gantryTiltDeg: number | undefined;
}

function vec3(values: readonly number[] | undefined): Vec3 | undefined {
  if (values === undefined || values.length < 3) return undefined;
  const [x, y, z] = values as [number, number, number];
  return Number.isFinite(x + y + z) ? [x, y, z] : undefined;
}

function orientationOf(
  values: readonly number[] | undefined,
): VolumeFrame['orientation'] | undefined {
  if (values === undefined || values.length < 6) return undefined;
  const v = values.slice(0, 6) as [number, number, number, number, number, number];
  if (!v.every(Number.isFinite)) return undefined;
  const rowLength = Math.hypot(v[0], v[1], v[2]);
  const columnLength = Math.hypot(v[3], v[4], v[5]);
  if (rowLength < 0.5 || columnLength < 0.5) return undefined;
  return v;
}

function spacingOf(values: readonly number[] | undefined): readonly [number, number] | undefined {
  if (values === undefined || values.length < 2) return undefined;
  const [row, column] = values as [number, number];
  return row > 0 && column > 0 ? [row, column] : undefined;
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

function first(group: Dataset | undefined, sequence: string): Dataset | undefined {
  return group?.sequence(sequence)?.[0];
}

/** Looks a functional-group macro up per frame, then shared (PS3.3 C.7.6.16). */
function macro(
  perFrame: Dataset | undefined,
  shared: Dataset | undefined,
  sequence: string,
): Dataset | undefined {
  return first(perFrame, sequence) ?? first(shared, sequence);
}

function numberList(dataset: Dataset, ...keywords: string[]): number[] {
  const out: number[] = [];
  for (const keyword of keywords) {
    const value = dataset.number(keyword);
    if (value !== undefined && Number.isFinite(value)) out.push(value);
  }
  return out;
}

/**
 * Describes every frame of an instance (read with or without its pixel data)
 * that could be a slice. Enhanced multi-frame geometry comes from the Plane
 * Position, Plane Orientation and Pixel Measures functional groups, per frame
 * or shared (PS3.3 C.7.6.16.2.1–3); legacy multi-frame NM from the Detector
 * Information Sequence and Spacing Between Slices (PS3.3 C.8.4.10); a Siemens
 * mosaic (ImageType MOSAIC with a CSA NumberOfImagesInMosaic) is split into
 * its tiles, each a frame.
 */
export function describeFrames(dataset: Dataset, source: string): VolumeFrame[] {
  const description = readPixelDescription(dataset);
  const shared = dataset.sequence('SharedFunctionalGroupsSequence')?.[0];
  const perFrameItems = dataset.sequence('PerFrameFunctionalGroupsSequence');
  const imageType = (dataset.strings('ImageType') ?? []).map((value) => value.toUpperCase());
  const detector = dataset.sequence('DetectorInformationSequence')?.[0];
  const base = {
    source,
    SOPInstanceUID: dataset.string('SOPInstanceUID') ?? '',
    SeriesInstanceUID: dataset.string('SeriesInstanceUID') ?? '',
    InstanceNumber: dataset.number('InstanceNumber'),
    samplesPerPixel: description.SamplesPerPixel,
    photometric: description.PhotometricInterpretation,
    bitsAllocated: description.BitsAllocated,
    pixelRepresentation: description.PixelRepresentation,
    imageType,
    gantryTiltDeg: dataset.number('GantryDetectorTilt'),
  };
  const topOrientation = orientationOf(
    dataset.numbers('ImageOrientationPatient') ?? detector?.numbers('ImageOrientationPatient'),
  );
  const topPosition = vec3(
    dataset.numbers('ImagePositionPatient') ?? detector?.numbers('ImagePositionPatient'),
  );
  // Projection images carry Imager Pixel Spacing instead (PS3.3 10.7.1.1); either serves a default grid.
  const topSpacing =
    spacingOf(dataset.numbers('PixelSpacing')) ?? spacingOf(dataset.numbers('ImagerPixelSpacing'));
  const topThickness = positive(dataset.number('SliceThickness'));
  const topBetween = positive(dataset.number('SpacingBetweenSlices'));
  const topEchoTime = dataset.number('EchoTime');
  const topEchoNumber = dataset.number('EchoNumbers');
  const topTimeOrder = numberList(
    dataset,
    'TemporalPositionIdentifier',
    'TriggerTime',
    'AcquisitionNumber',
  );

  const frames: VolumeFrame[] = [];
  const mosaic = mosaicLayout(dataset, imageType, description.Rows, description.Columns);
  if (mosaic !== undefined) {
    const csa = siemensCsaImageHeader(dataset);
    const normal = vec3(csa?.get('SliceNormalVector')?.map(Number));
    const stepMm = topBetween ?? topThickness;
    for (let tile = 0; tile < mosaic.count; tile++) {
      frames.push({
        ...base,
        frameIndex: 0,
        mosaic: {
          tile,
          tilesPerRow: mosaic.tilesPerRow,
          mosaicRows: description.Rows,
          mosaicColumns: description.Columns,
        },
        rows: mosaic.rows,
        columns: mosaic.columns,
        orientation: topOrientation,
        positionMm: mosaicTilePosition(topPosition, topOrientation, topSpacing, normal, stepMm, {
          tile,
          count: mosaic.count,
          mosaicRows: description.Rows,
          mosaicColumns: description.Columns,
        }),
        pixelSpacingMm: topSpacing,
        sliceThicknessMm: topThickness,
        spacingBetweenSlicesMm: topBetween,
        sliceNormal: normal,
        transform: modalityTransformFor(dataset, 0),
        echoNumber: topEchoNumber,
        echoTimeMs: topEchoTime,
        bValue: dataset.number('DiffusionBValue'),
        timeOrder: topTimeOrder,
      });
    }
    return frames;
  }

  const gridValues = dataset.numbers('GridFrameOffsetVector');
  const gridOffsets =
    gridValues !== undefined &&
    gridValues.length === description.NumberOfFrames &&
    gridValues.every(Number.isFinite)
      ? gridValues
      : undefined;
  for (let frame = 0; frame < description.NumberOfFrames; frame++) {
    const perFrame = perFrameItems?.[frame];
    const plane = macro(perFrame, shared, 'PlanePositionSequence');
    const planeOrientation = macro(perFrame, shared, 'PlaneOrientationSequence');
    const measures = macro(perFrame, shared, 'PixelMeasuresSequence');
    const echo = macro(perFrame, shared, 'MREchoSequence');
    const diffusion = macro(perFrame, shared, 'MRDiffusionSequence');
    const content = first(perFrame, 'FrameContentSequence');
    const cardiac = macro(perFrame, shared, 'CardiacSynchronizationSequence');
    let position = vec3(plane?.numbers('ImagePositionPatient')) ?? topPosition;
    const orientation =
      orientationOf(planeOrientation?.numbers('ImageOrientationPatient')) ?? topOrientation;
    const between =
      positive(measures?.number('SpacingBetweenSlices')) ??
      topBetween ??
      (description.NumberOfFrames > 1 && perFrameItems === undefined ? topThickness : undefined);
    // A legacy multi-frame gives one position, for the first frame. RT Dose
    // places its frames by Grid Frame Offset Vector (PS3.3 C.8.8.3.2: offsets
    // along the normal, relative when the first is 0, else z coordinates of
    // which the first is the position's); NM and old MR follow the normal at
    // Spacing Between Slices.
    const offsetMm =
      gridOffsets !== undefined
        ? (gridOffsets[frame] as number) - (gridOffsets[0] as number)
        : between !== undefined
          ? between * frame
          : undefined;
    if (
      plane === undefined &&
      frame > 0 &&
      position !== undefined &&
      orientation !== undefined &&
      offsetMm !== undefined
    ) {
      const [a, b, c, d, e, f] = orientation;
      const n: Vec3 = [b * f - c * e, c * d - a * f, a * e - b * d];
      position = [
        position[0] + n[0] * offsetMm,
        position[1] + n[1] * offsetMm,
        position[2] + n[2] * offsetMm,
      ];
    }
    const timeOrder = content
      ? numberList(content, 'TemporalPositionIndex', 'FrameAcquisitionNumber')
      : topTimeOrder;
    if (cardiac !== undefined)
      timeOrder.push(...numberList(cardiac, 'NominalCardiacTriggerDelayTime'));
    frames.push({
      ...base,
      frameIndex: frame,
      mosaic: undefined,
      rows: description.Rows,
      columns: description.Columns,
      orientation,
      positionMm: position,
      pixelSpacingMm: spacingOf(measures?.numbers('PixelSpacing')) ?? topSpacing,
      sliceThicknessMm: positive(measures?.number('SliceThickness')) ?? topThickness,
      spacingBetweenSlicesMm: between,
      sliceNormal: undefined,
      transform: modalityTransformFor(dataset, frame),
      echoNumber: topEchoNumber,
      echoTimeMs: echo?.number('EffectiveEchoTime') ?? topEchoTime,
      bValue: diffusion?.number('DiffusionBValue') ?? dataset.number('DiffusionBValue'),
      timeOrder,
    });
  }
  return frames;
}

interface MosaicLayout {
  readonly count: number;
  readonly tilesPerRow: number;
  readonly rows: number;
  readonly columns: number;
}

/** A Siemens mosaic: ImageType contains MOSAIC and the CSA header says how many images it holds. */
function mosaicLayout(
  dataset: Dataset,
  imageType: readonly string[],
  rows: number,
  columns: number,
): MosaicLayout | undefined {
  if (!imageType.includes('MOSAIC')) return undefined;
  const count = Number(siemensCsaImageHeader(dataset)?.get('NumberOfImagesInMosaic')?.[0]);
  if (!Number.isInteger(count) || count < 1) return undefined;
  const tilesPerRow = Math.ceil(Math.sqrt(count));
  // A mosaic whose size is not a multiple of the tiles per row has unused
  // pixels at the right and bottom; the tiles are the whole part (dcm2niix).
  const tileRows = Math.floor(rows / tilesPerRow);
  const tileColumns = Math.floor(columns / tilesPerRow);
  if (tileRows < 1 || tileColumns < 1) return undefined;
  return { count, tilesPerRow, rows: tileRows, columns: tileColumns };
}

/**
 * Where a mosaic tile's first pixel is. A mosaic's Image Position (Patient)
 * is that of the whole mosaic's top-left pixel, as if the mosaic were one
 * big image; the slices are centred in it, so the first tile's corner is
 * half the size difference further along the row and column directions
 * (the correction nibabel's MosaicWrapper and dcm2niix apply), and tile t
 * sits t slice steps along the CSA SliceNormalVector.
 */
function mosaicTilePosition(
  position: Vec3 | undefined,
  orientation: VolumeFrame['orientation'],
  spacing: readonly [number, number] | undefined,
  normal: Vec3 | undefined,
  stepMm: number | undefined,
  tile: {
    readonly tile: number;
    readonly count: number;
    readonly mosaicRows: number;
    readonly mosaicColumns: number;
  },
): Vec3 | undefined {
  if (position === undefined || orientation === undefined || spacing === undefined)
    return undefined;
  const [a, b, c, d, e, f] = orientation;
  const n = normal ?? [b * f - c * e, c * d - a * f, a * e - b * d];
  // The nominal tile size (mosaic size / tiles per row, fractional when the
  // mosaic does not tile exactly), as dcm2niix computes the offset.
  const perRow = Math.ceil(Math.sqrt(tile.count));
  const alongRow = ((tile.mosaicColumns - tile.mosaicColumns / perRow) / 2) * spacing[1];
  const alongColumn = ((tile.mosaicRows - tile.mosaicRows / perRow) / 2) * spacing[0];
  const alongNormal = (stepMm ?? 1) * tile.tile;
  return [
    position[0] + a * alongRow + d * alongColumn + n[0] * alongNormal,
    position[1] + b * alongRow + e * alongColumn + n[1] * alongNormal,
    position[2] + c * alongRow + f * alongColumn + n[2] * alongNormal,
  ];
}
