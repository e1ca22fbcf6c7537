import { VideoPlayer } from "./video-player";

type Video = { status: string; src: string | null; captionsSrc?: string | null } | null;

/** The video of an item, or a plain message while it is not ready. */
export function ItemVideo({ itemId, title, video, startAt }: { itemId: string; title: string; video: Video; startAt: number }) {
  if (!video) return <p className="text-slate-700">No video has been added yet.</p>;
  if (video.status !== "READY" || !video.src) {
    return <p className="text-slate-700">{video.status === "ERRORED" ? "This video could not be processed. The instructor has been told." : "This video is still processing. Try again in a few minutes."}</p>;
  }
  return <VideoPlayer itemId={itemId} title={title} src={video.src} captionsSrc={video.captionsSrc ?? null} startAt={startAt} />;
}
