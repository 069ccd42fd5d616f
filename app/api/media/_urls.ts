/** Where the media routes live, for the pages and the player (tokens from lib/video/media-token). */
export const lessonVideoUrl = (lessonId: number, token?: string) => `/api/media/lessons/${lessonId}${token ? `?t=${token}` : ""}`;
export const lessonPosterUrl = (lessonId: number, token?: string | null) => `/api/media/lessons/${lessonId}/poster${token ? `?t=${token}` : ""}`;
export const courseCoverUrl = (courseId: number, token?: string | null) => `/api/media/courses/${courseId}/cover${token ? `?t=${token}` : ""}`;
export const lessonHlsUrl = (lessonId: number, file: string, token: string) => `/api/media/lessons/${lessonId}/hls/${file}?t=${token}`;
